package io.chatflow.app.config;

/** Renders the effective configuration for {@code chatflow config}, one setting a line. */
public final class ConfigPrinter {
  private ConfigPrinter() {}

  public static String render(ConfigLoader.Loaded loaded) {
    Config c = loaded.config();
    StringBuilder out = new StringBuilder();
    for (Setting s : Setting.values()) {
      ConfigLoader.Value v = loaded.values().get(s);
      String shown = s.secret() ? mask(v.raw()) : effective(c, s, v.raw());
      out.append(String.format("%-28s %-40s (%s)%n", s.envName(), shown, v.source().label()));
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
          : c.signingKeyFile() == null ? "(generated at start, not stored)"
          : c.signingKeyFile().toAbsolutePath().toString();
      case PASSWORD_HASHES -> Integer.toString(c.passwordHashes());
      case HTTP_WORKERS -> Integer.toString(c.httpWorkers());
      default -> raw;
    };
  }
}
