package io.chatflow.domain;

/** Length rules count Unicode code points, never UTF-16 units or bytes. */
public final class Text {
  private Text() {}

  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  public static String require(String value, String field) {
    if (value == null) {
      throw InvalidException.of(field, "is required");
    }
    return value;
  }

  /** Checks that {@code value} is present and {@code min..max} code points long. */
  public static String requireLength(String value, String field, int min, int max) {
    int n = length(require(value, field));
    if (n < min || n > max) {
      throw InvalidException.of(field, "must be " + min + " to " + max + " characters");
    }
    return value;
  }
}
