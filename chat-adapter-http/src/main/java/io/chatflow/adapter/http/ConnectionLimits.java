package io.chatflow.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a client may take to send a request, and how many connections it may hold, so
 * that slow or numerous clients cannot starve the server.
 *
 * @param headerTimeout a request head (request line and headers) not complete this long after
 *     its first byte: the connection is closed
 * @param bodyTimeout a request body not complete this long after its head: 408, connection closed
 * @param keepAliveTimeout a connection with no request in progress for this long is closed
 * @param perAddress open connections one client address may hold (trusted proxies are exempt);
 *     more are closed at once on accept
 * @param overall open connections of the whole server (streams and sockets included); more are
 *     closed at once on accept
 */
public record ConnectionLimits(
    Duration headerTimeout, Duration bodyTimeout, Duration keepAliveTimeout, int perAddress, int overall) {

  public ConnectionLimits {
    for (Duration d : new Duration[] {headerTimeout, bodyTimeout, keepAliveTimeout}) {
      Objects.requireNonNull(d, "timeout");
      if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("connection timeouts must be positive and under 24 days: " + d);
      }
    }
    if (perAddress < 1 || overall < 1) {
      throw new IllegalArgumentException("connection limits must be positive");
    }
  }

  public static ConnectionLimits defaults() {
    return new ConnectionLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(2), 1000, 60_000);
  }

  public ConnectionLimits withTimeouts(Duration header, Duration body, Duration keepAlive) {
    return new ConnectionLimits(header, body, keepAlive, perAddress, overall);
  }

  public ConnectionLimits withCounts(int newPerAddress, int newOverall) {
    return new ConnectionLimits(headerTimeout, bodyTimeout, keepAliveTimeout, newPerAddress, newOverall);
  }
}
