package io.chatflow.domain;

/** A page size: 1..200, 50 when not given. */
public record Limit(int value) {
  public static final int DEFAULT = 50;
  public static final int MAX = 200;

  public Limit {
    if (value < 1 || value > MAX) {
      throw InvalidException.of("limit", "must be 1 to " + MAX);
    }
  }

  public static Limit of(Integer value) {
    return new Limit(value == null ? DEFAULT : value);
  }
}
