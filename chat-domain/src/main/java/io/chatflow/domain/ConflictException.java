package io.chatflow.domain;

/** The change clashes with what is already there (a taken username). */
public final class ConflictException extends ChatException {
  public ConflictException(String message) {
    super(message);
  }
}
