package io.chatflow.app.config;

/** Renders the effective configuration for {@code chatflow config}, one setting a line. */
public final class ConfigPrinter {
  private ConfigPrinter() {}

  public static String render(LoadedConfig loaded) {
    Config c = loaded.config();
    StringBuilder out = new StringBuilder();
    int names = 0;
    int values = 0;
    String[] shown = new String[Setting.values().length];
    for (Setting s : Setting.values()) {
      String raw = loaded.values().get(s).raw();
      shown[s.ordinal()] = s.secret() ? mask(raw) : effective(c, s, raw);
      names = Math.max(names, s.envName().length());
      values = Math.max(values, shown[s.ordinal()].length());
    }
    // columns as wide as their longest entry, so every source lines up
    String line = "%-" + names + "s  %-" + values + "s  (%s)%n";
    for (Setting s : Setting.values()) {
      out.append(String.format(line, s.envName(), shown[s.ordinal()], loaded.values().get(s).source().label()));
    }
    for (String warning : loaded.warnings()) {
      out.append("warning: ").append(warning).append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String mask(String raw) {
    return raw.isEmpty() ? "" : "********";
  }

  /** Paths shown resolved, so the user sees where data really goes. */
  private static String effective(Config c, Setting s, String raw) {
    return switch (s) {
      case DB -> c.db().toAbsolutePath().toString();
      case SIGNING_KEY -> c.signingKeyJwk() != null ? "(not used: CHATFLOW_SIGNING_KEY_JWK is set)"
          : c.keyInDatabase() ? "(in the database, shared by every node)"
          : c.signingKeyFile() == null ? "(generated at start, not stored)"
          : c.signingKeyFile().toAbsolutePath().toString();
      case PASSWORD_HASHES -> Integer.toString(c.passwordHashes());
      case HTTP_WORKERS -> Integer.toString(c.httpWorkers());
      default -> raw;
    };
  }
}
