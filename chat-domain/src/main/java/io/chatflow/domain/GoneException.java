package io.chatflow.domain;

/** The asked-for history is older than what is retained: resync from the message lists. */
public final class GoneException extends ChatException {
  public GoneException(String message) {
    super(message);
  }
}
