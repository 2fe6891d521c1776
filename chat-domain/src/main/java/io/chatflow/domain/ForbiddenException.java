package io.chatflow.domain;

/** The caller may see the thing but lacks the right to do this to it. */
public final class ForbiddenException extends ChatException {
  public ForbiddenException(String message) {
    super(message);
  }
}
