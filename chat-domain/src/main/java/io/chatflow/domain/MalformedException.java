package io.chatflow.domain;

/** Input that is not of its type at all (a garbage cursor), as opposed to a bad value of the right type. */
public final class MalformedException extends ChatException {
  private final String field;

  public MalformedException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
