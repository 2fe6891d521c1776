package io.chatflow.domain;

import java.util.List;

/** Well-formed input with invalid values, each named by its field. */
public final class InvalidException extends ChatException {
  private final List<FieldError> errors;

  public InvalidException(List<FieldError> errors) {
    super(errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse("invalid"));
    this.errors = List.copyOf(errors);
  }

  public static InvalidException of(String field, String message) {
    return new InvalidException(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
