package io.chatflow.adapter.http;

import io.chatflow.adapter.http.auth.MetricsRules;
import java.util.Objects;

/**
 * Who may read {@code /metrics}. With a listener of its own ({@code port >= 0}) it is served
 * there only, to whoever reaches that address (loopback by default), and the API port answers
 * 404. Otherwise it is on the API port: with a token, to requests bearing it; without one, to
 * clients on the loopback address only.
 *
 * @param host the separate listener's address
 * @param port the separate listener's port (0: any free one), or -1 for none
 * @param token the bearer token that reads /metrics on the API port, or null
 */
public record MetricsAccess(String host, int port, String token) implements MetricsRules {
  public MetricsAccess {
    Objects.requireNonNull(host, "host");
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("metrics port must be -1 (none) or 0 to 65535: " + port);
    }
    if (token != null && token.length() < 16) {
      throw new IllegalArgumentException("a metrics token must be at least 16 characters");
    }
  }

  /** On the API port, to loopback clients only. */
  public static MetricsAccess loopbackOnly() {
    return new MetricsAccess("127.0.0.1", -1, null);
  }

  public static MetricsAccess separate(String host, int port) {
    return new MetricsAccess(host, port, null);
  }

  public static MetricsAccess withToken(String token) {
    return new MetricsAccess("127.0.0.1", -1, token);
  }

  @Override
  public boolean onItsOwnListener() {
    return port >= 0;
  }

  @Override
  public String toString() {
    return "MetricsAccess[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "(set)") + "]";
  }
}
