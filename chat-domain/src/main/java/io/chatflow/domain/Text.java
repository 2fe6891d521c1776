package io.chatflow.domain;

/** Length rules count Unicode code points, never UTF-16 units or bytes. */
public final class Text {
  private Text() {}

  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /**
   * Present and storable as UTF-8 text: no unpaired surrogate (UTF-8 cannot encode it, so
   * it would not come back as sent) and no NUL (which C clients read as the end).
   */
  public static String require(String value, String field) {
    if (value == null) {
      throw InvalidException.of(field, "is required");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw InvalidException.of(field, "must not contain NUL");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw InvalidException.of(field, "must be valid Unicode (an unpaired surrogate is not)");
      }
    }
    return value;
  }

  /**
   * A name shown to other people (display names, titles): no control characters, no
   * invisible format characters (bidi overrides and isolates, zero-width spaces and joiners,
   * the BOM, tag characters) and no line or paragraph separators, so a name cannot hide,
   * reorder or spoof the text around it.
   */
  public static String requireShowable(String value, String field) {
    require(value, field);
    value.codePoints().forEach(cp -> {
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        throw InvalidException.of(field, String.format(
            "must not contain control, bidi-override or zero-width characters (U+%04X)", cp));
      }
    });
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
