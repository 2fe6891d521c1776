package io.chatflow.app.config;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.TokenKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the configuration in this order, each overriding the one before: defaults, the
 * {@code .env} file in the working directory, {@code CHATFLOW_*} environment variables,
 * command-line flags.
 */
public final class ConfigLoader {
  public static final String DOT_ENV = ".env";
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
  private static final Pattern ORIGIN = Pattern.compile("https?://(\\[[0-9a-f:.]+]|[a-z0-9.-]+)(:\\d{1,5})?");
  private static final Pattern INLINE_COMMENT = Pattern.compile("\\s+#.*$");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KiB|MiB)?");

  /** Where a value came from, for {@code chatflow config}. */
  public enum Source {
    DEFAULT,
    DOT_ENV,
    ENVIRONMENT,
    FLAG;

    public String label() {
      return switch (this) {
        case DEFAULT -> "default";
        case DOT_ENV -> ".env";
        case ENVIRONMENT -> "environment";
        case FLAG -> "flag";
      };
    }
  }

  /** A raw value and its source. */
  public record Value(String raw, Source source) {}

  /** The typed configuration, the raw value behind each setting, and warnings about ignored input. */
  public record Loaded(Config config, Map<Setting, Value> values, List<String> warnings) {}

  private ConfigLoader() {}

  /** Reads {@code workingDir/.env} (if present), the process environment and the given flags. */
  public static Loaded load(Path workingDir, Map<Setting, String> flags) {
    return load(workingDir, readDotEnv(workingDir.resolve(DOT_ENV)), System.getenv(), flags);
  }

  /** The pure form: every source given explicitly. */
  public static Loaded load(
      Path workingDir, Map<String, String> dotEnv, Map<String, String> environment, Map<Setting, String> flags) {
    Map<Setting, Value> values = new EnumMap<>(Setting.class);
    List<String> warnings = new ArrayList<>();
    for (Setting s : Setting.values()) {
      values.put(s, new Value(s.defaultValue(), Source.DEFAULT));
    }
    dotEnv.forEach((key, raw) -> {
      if (key.startsWith("CHATFLOW_")) {
        Setting s = Setting.byEnvName(key).orElseThrow(() -> unknown(key, DOT_ENV));
        values.put(s, new Value(raw, Source.DOT_ENV));
      }
    });
    environment.forEach((key, raw) -> {
      if (key.startsWith("CHATFLOW_")) {
        Setting.byEnvName(key).ifPresentOrElse(
            s -> values.put(s, new Value(raw, Source.ENVIRONMENT)),
            () -> warnings.add("ignoring unknown environment variable " + key));
      }
    });
    flags.forEach((s, raw) -> {
      if (raw != null) {
        values.put(s, new Value(raw, Source.FLAG));
      }
    });
    return new Loaded(build(workingDir, values), Map.copyOf(values), List.copyOf(warnings));
  }

  private static Config build(Path workingDir, Map<Setting, Value> values) {
    Typed t = new Typed(values);
    Path db = t.path(Setting.DB, workingDir);
    String signingKey = t.raw(Setting.SIGNING_KEY);
    return new Config(
        t.store(),
        db,
        t.host(Setting.HOST),
        t.integer(Setting.PORT, 0, 65535),
        t.duration(Setting.ACCESS_TOKEN_TTL),
        t.duration(Setting.SESSION_LIFETIME),
        t.nonBlank(Setting.ISSUER),
        t.nonBlank(Setting.AUDIENCE),
        signingKey.isEmpty() ? null : t.path(Setting.SIGNING_KEY, workingDir),
        t.jwk(Setting.SIGNING_KEY_JWK),
        t.duration(Setting.PRESENCE_WINDOW),
        t.duration(Setting.TYPING_EXPIRY),
        t.size(Setting.BODY_LIMIT, 1024, 16 * 1024 * 1024),
        t.integer(Setting.LOGIN_FAILURES_PER_USERNAME, 1, 1_000_000),
        t.integer(Setting.LOGIN_FAILURES_PER_ADDRESS, 1, 1_000_000),
        t.addressList(Setting.TRUSTED_PROXIES),
        t.duration(Setting.LOGIN_WINDOW),
        t.duration(Setting.SHUTDOWN_GRACE),
        perCore(t.integer(Setting.HTTP_WORKERS, 0, 1024), Math.max(4, 2 * Runtime.getRuntime().availableProcessors())),
        t.integer(Setting.STREAMS_PER_USER, 1, 100_000),
        t.integer(Setting.STREAMS_OVERALL, 1, 10_000_000),
        t.duration(Setting.SOCKET_IDLE_TIMEOUT),
        t.origins(Setting.ALLOWED_ORIGINS),
        t.duration(Setting.EVENT_RETENTION),
        perCore(t.integer(Setting.PASSWORD_HASHES, 0, 1024), Runtime.getRuntime().availableProcessors()),
        t.text(Setting.SEED_PASSWORD, 8, 128),
        t.oneOf(Setting.LOG_LEVEL, List.of("error", "warn", "info", "debug", "trace")));
  }

  /** 0 in a setting means "as many as suit this machine". */
  private static int perCore(int configured, int byCores) {
    return configured == 0 ? byCores : configured;
  }

  /** Parses KEY=VALUE lines; blank lines, {@code #} comments and a leading {@code export} are allowed. */
  public static Map<String, String> readDotEnv(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      return parseDotEnv(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static Map<String, String> parseDotEnv(List<String> lines) {
    Map<String, String> result = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(DOT_ENV + " line " + (i + 1) + ": expected KEY=VALUE");
      }
      String value = value(line.substring(eq + 1).strip());
      if (value == null) {
        throw new ConfigException(DOT_ENV + " line " + (i + 1) + ": text after the closing quote");
      }
      result.put(line.substring(0, eq).strip(), value);
    }
    return result;
  }

  /**
   * As dotenv files are commonly read: a quoted value is taken as it stands between its
   * quotes; in an unquoted one, {@code #} after a space starts a comment. Null when
   * something other than a comment follows a closing quote.
   */
  private static String value(String raw) {
    if (!raw.isEmpty() && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')) {
      int close = raw.indexOf(raw.charAt(0), 1);
      if (close > 0) {
        String rest = raw.substring(close + 1).strip();
        return rest.isEmpty() || rest.startsWith("#") ? raw.substring(1, close) : null;
      }
    }
    return INLINE_COMMENT.matcher(raw).replaceFirst("");
  }

  private static ConfigException unknown(String key, String where) {
    String known = Arrays.stream(Setting.values()).map(Setting::envName).collect(Collectors.joining(", "));
    return new ConfigException("unknown setting " + key + " in " + where + "; known settings: " + known);
  }

  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  /** Turns raw values into typed ones, failing with the setting's name and allowed values. */
  private record Typed(Map<Setting, Value> values) {
    String raw(Setting s) {
      return values.get(s).raw().strip();
    }

    ConfigException invalid(Setting s) {
      Value v = values.get(s);
      if (s.secret()) {
        return new ConfigException(s.envName() + " (--" + s.flag() + ", from " + v.source().label()
            + "): not allowed; allowed: " + s.allowed());
      }
      return new ConfigException(s.envName() + " (--" + s.flag() + ", from " + v.source().label() + "): '"
          + v.raw() + "' is not allowed; allowed: " + s.allowed());
    }

    Store store() {
      String raw = raw(Setting.STORE).toLowerCase(Locale.ROOT);
      for (Store store : Store.values()) {
        if (store.configName().equals(raw)) {
          return store;
        }
      }
      throw invalid(Setting.STORE);
    }

    String oneOf(Setting s, List<String> allowed) {
      String raw = raw(s).toLowerCase(Locale.ROOT);
      if (!allowed.contains(raw)) {
        throw invalid(s);
      }
      return raw;
    }

    String nonBlank(Setting s) {
      String raw = raw(s);
      if (raw.isEmpty()) {
        throw invalid(s);
      }
      return raw;
    }

    String text(Setting s, int minCodePoints, int maxCodePoints) {
      String raw = values.get(s).raw();
      int length = raw.codePointCount(0, raw.length());
      if (length < minCodePoints || length > maxCodePoints) {
        throw invalid(s);
      }
      return raw;
    }

    Path path(Setting s, Path workingDir) {
      try {
        return workingDir.resolve(nonBlank(s)).normalize();
      } catch (InvalidPathException e) {
        throw invalid(s);
      }
    }

    int integer(Setting s, int min, int max) {
      try {
        int value = Integer.parseInt(raw(s));
        if (value < min || value > max) {
          throw invalid(s);
        }
        return value;
      } catch (NumberFormatException e) {
        throw invalid(s);
      }
    }

    Duration duration(Setting s) {
      String raw = raw(s);
      Duration d;
      Matcher m = DURATION.matcher(raw);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else {
        try {
          d = Duration.parse(raw);
        } catch (DateTimeParseException e) {
          throw invalid(s);
        }
      }
      if (d.isNegative() || d.isZero()) {
        throw invalid(s);
      }
      return d;
    }

    /** A host name (RFC 1123 labels) or an IP literal; checked without a DNS lookup. */
    String host(Setting s) {
      String raw = nonBlank(s);
      if (HOST_NAME.matcher(raw).matches()) {
        return raw;
      }
      if (raw.contains(":")) {
        try {
          InetAddress.getByName(raw); // with a colon, only an IPv6 literal is accepted: no lookup
          return raw;
        } catch (UnknownHostException e) {
          throw invalid(s);
        }
      }
      throw invalid(s);
    }

    /** A private EC JWK, checked now rather than when the server first signs a token. */
    String jwk(Setting s) {
      String raw = raw(s);
      if (raw.isEmpty()) {
        return null;
      }
      try {
        TokenKeys.fromJwk(raw);
        return raw;
      } catch (IllegalArgumentException e) {
        throw invalid(s);
      }
    }

    List<String> addressList(Setting s) {
      List<String> entries = Arrays.stream(raw(s).split(",")).map(String::strip)
          .filter(e -> !e.isEmpty()).toList();
      try {
        return HttpSettings.defaults().withTrustedProxies(entries).trustedProxies();
      } catch (IllegalArgumentException e) {
        throw invalid(s);
      }
    }

    /** Origins as browsers send them: scheme://host[:port], lower-cased, no path; or * alone. */
    List<String> origins(Setting s) {
      List<String> origins = new ArrayList<>();
      for (String entry : raw(s).split(",")) {
        String origin = entry.strip().toLowerCase(Locale.ROOT);
        if (origin.endsWith("/")) {
          origin = origin.substring(0, origin.length() - 1);
        }
        if (!origin.isEmpty() && !origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
          throw invalid(s);
        }
        if (!origin.isEmpty()) {
          origins.add(origin);
        }
      }
      return origins;
    }

    int size(Setting s, int min, int max) {
      Matcher m = SIZE.matcher(raw(s));
      if (!m.matches()) {
        throw invalid(s);
      }
      long unit = m.group(2) == null || m.group(2).equals("B") ? 1 : m.group(2).equals("KiB") ? 1024 : 1024 * 1024;
      long bytes = Long.parseLong(m.group(1)) * unit;
      if (bytes < min || bytes > max) {
        throw invalid(s);
      }
      return (int) bytes;
    }
  }
}
