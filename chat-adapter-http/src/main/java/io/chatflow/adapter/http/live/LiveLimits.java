package io.chatflow.adapter.http.live;

import io.chatflow.adapter.http.limits.Rate;
import java.time.Duration;
import java.util.Set;

/** The bounds of live connections (streams, sockets): the live package's view of the server's settings. */
public interface LiveLimits {
  Duration heartbeat();

  int streamsPerUser();

  int streamsOverall();

  int frameLimitBytes();

  Duration idleTimeout();

  Duration authTimeout();

  long sendBufferBytes();

  Set<String> allowedOrigins();

  Rate clientFrames();
}
