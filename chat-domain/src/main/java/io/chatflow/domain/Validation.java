package io.chatflow.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects the field errors of several checks, so one answer names every bad field. */
public final class Validation {
  private final List<FieldError> errors = new ArrayList<>();

  public <T> T check(Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidException e) {
      errors.addAll(e.errors());
      return null;
    }
  }

  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw new InvalidException(errors);
    }
  }
}
