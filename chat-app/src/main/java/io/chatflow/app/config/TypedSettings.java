package io.chatflow.app.config;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.MetricsAccess;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.http.limits.Rate;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads raw values as typed ones, failing with the setting's name, flag, source and allowed
 * values; a secret's value is never part of the message.
 */
record TypedSettings(Map<Setting, RawValue> values) {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
  private static final Pattern ORIGIN = Pattern.compile("https?://(\\[[0-9a-f:.]+]|[a-z0-9.-]+)(:\\d{1,5})?");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})(B|KiB|MiB)?");
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  String raw(Setting s) {
    return values.get(s).raw().strip();
  }

  private ConfigException invalid(Setting s) {
    return failure(s, s.secret() ? "not allowed" : "'" + values.get(s).raw() + "' is not allowed", s.allowed());
  }

  /** Names the setting, its flag and where its value came from; never shows a secret. */
  private ConfigException failure(Setting s, String what, String allowed) {
    return new ConfigException(s.envName() + " (--" + s.flag() + ", from " + values.get(s).source().label() + "): "
        + what + "; allowed: " + allowed);
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

  /** A PostgreSQL JDBC URL: required, since only the postgres store reads it. */
  String postgresUrl(Setting s) {
    String raw = raw(s);
    if (raw.isEmpty()) {
      throw failure(s, "required with CHATFLOW_STORE=postgres", s.allowed().replace(", or empty", ""));
    }
    if (!raw.startsWith("jdbc:postgresql://") || raw.length() == "jdbc:postgresql://".length()) {
      throw invalid(s);
    }
    return raw;
  }

  /** A duration no longer than {@code max} (socket timeouts are whole milliseconds in an int). */
  Duration duration(Setting s, Duration max) {
    Duration d = duration(s);
    if (d.compareTo(max) > 0) {
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

  /** host:port or [v6]:port, or null when empty. */
  MetricsAccess metricsAccess(Setting address, Setting token) {
    String secret = raw(token);
    if (!secret.isEmpty()) {
      text(token, 16, 256);
    }
    String raw = raw(address);
    if (raw.isEmpty()) {
      return secret.isEmpty() ? MetricsAccess.loopbackOnly() : MetricsAccess.withToken(secret);
    }
    int colon = raw.lastIndexOf(':');
    if (colon <= 0) {
      throw invalid(address);
    }
    String host = raw.substring(0, colon);
    host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      int port = Integer.parseInt(raw.substring(colon + 1));
      if (host.isEmpty() || (!HOST_NAME.matcher(host).matches() && !host.contains(":"))) {
        throw invalid(address);
      }
      return new MetricsAccess(host, port, secret.isEmpty() ? null : secret);
    } catch (IllegalArgumentException e) {
      throw invalid(address);
    }
  }

  Rate rate(Setting s) {
    try {
      return Rate.parse(raw(s));
    } catch (IllegalArgumentException e) {
      throw invalid(s);
    }
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
