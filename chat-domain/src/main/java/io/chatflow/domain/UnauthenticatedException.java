package io.chatflow.domain;

/** Credentials or a session that do not (or no longer) identify anybody. */
public final class UnauthenticatedException extends ChatException {
  public UnauthenticatedException(String message) {
    super(message);
  }
}
