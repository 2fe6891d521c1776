package io.chatflow.domain;

import java.time.Duration;

/**
 * The store cannot be reached now (a database restarting, a connection lost); nothing was
 * done, and the caller may try again after {@link #retryAfter()}.
 */
public final class UnavailableException extends ChatException {
  private final Duration retryAfter;

  public UnavailableException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
