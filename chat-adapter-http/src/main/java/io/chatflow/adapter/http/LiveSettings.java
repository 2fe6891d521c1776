package io.chatflow.adapter.http;

import io.chatflow.adapter.http.limits.Rate;
import io.chatflow.adapter.http.live.LiveLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Limits and timings of the live transports (SSE streams and WebSockets).
 *
 * @param heartbeat how often an SSE stream gets a comment line, so proxies keep it open
 * @param streamsPerUser open streams and sockets one user may hold; beyond it 429 (or close 1008)
 * @param streamsOverall open streams and sockets of the whole server; beyond it 429 (or close 1013)
 * @param frameLimitBytes largest WebSocket frame (message) a client may send; larger closes with 1009
 * @param idleTimeout a socket with no traffic either way for this long is closed
 * @param authTimeout how long a socket may wait for its {"type":"auth"} frame
 * @param sendBufferBytes bytes queued for one client beyond which it counts as too slow and is dropped
 * @param allowedOrigins WebSocket Origins accepted besides the server's own host ({@code *} for any)
 * @param clientFrames how many frames one socket may send; past it the socket closes with 1008
 */
public record LiveSettings(
    Duration heartbeat,
    int streamsPerUser,
    int streamsOverall,
    int frameLimitBytes,
    Duration idleTimeout,
    Duration authTimeout,
    long sendBufferBytes,
    Set<String> allowedOrigins,
    Rate clientFrames) implements LiveLimits {

  public LiveSettings {
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(authTimeout, "authTimeout");
    allowedOrigins = Set.copyOf(allowedOrigins);
    Objects.requireNonNull(clientFrames, "clientFrames");
    if (heartbeat.isNegative() || heartbeat.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
        || authTimeout.isNegative() || authTimeout.isZero()) {
      throw new IllegalArgumentException("heartbeat, idleTimeout and authTimeout must be positive");
    }
    if (streamsPerUser < 1 || streamsOverall < 1 || frameLimitBytes < 64 || sendBufferBytes < 1024) {
      throw new IllegalArgumentException("stream limits, frame limit (>= 64) and send buffer (>= 1024) must be positive");
    }
  }

  public static LiveSettings defaults() {
    return new LiveSettings(Duration.ofSeconds(15), 16, 50_000, 16 * 1024, Duration.ofMinutes(2),
        Duration.ofSeconds(10), 1024 * 1024, Set.of(), Rate.of(60, Duration.ofSeconds(10)));
  }

  public LiveSettings withHeartbeat(Duration d) {
    return new LiveSettings(d, streamsPerUser, streamsOverall, frameLimitBytes, idleTimeout, authTimeout,
        sendBufferBytes, allowedOrigins, clientFrames);
  }

  public LiveSettings withStreamLimits(int perUser, int overall) {
    return new LiveSettings(heartbeat, perUser, overall, frameLimitBytes, idleTimeout, authTimeout,
        sendBufferBytes, allowedOrigins, clientFrames);
  }

  public LiveSettings withFrameLimit(int bytes) {
    return new LiveSettings(heartbeat, streamsPerUser, streamsOverall, bytes, idleTimeout, authTimeout,
        sendBufferBytes, allowedOrigins, clientFrames);
  }

  public LiveSettings withTimeouts(Duration idle, Duration auth) {
    return new LiveSettings(heartbeat, streamsPerUser, streamsOverall, frameLimitBytes, idle, auth,
        sendBufferBytes, allowedOrigins, clientFrames);
  }

  public LiveSettings withSendBuffer(long bytes) {
    return new LiveSettings(heartbeat, streamsPerUser, streamsOverall, frameLimitBytes, idleTimeout, authTimeout,
        bytes, allowedOrigins, clientFrames);
  }

  public LiveSettings withClientFrames(Rate rate) {
    return new LiveSettings(heartbeat, streamsPerUser, streamsOverall, frameLimitBytes, idleTimeout, authTimeout,
        sendBufferBytes, allowedOrigins, rate);
  }

  public LiveSettings withAllowedOrigins(Set<String> origins) {
    return new LiveSettings(heartbeat, streamsPerUser, streamsOverall, frameLimitBytes, idleTimeout, authTimeout,
        sendBufferBytes, origins, clientFrames);
  }
}
