package io.chatflow.domain.user;

import io.chatflow.domain.InvalidException;
import java.util.Locale;
import java.util.regex.Pattern;

/** A login name: lower-cased on input, then 3..32 of {@code a-z 0-9 _ . -}. */
public record Username(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9_.-]{3,32}");

  public Username {
    if (value == null) {
      throw InvalidException.of("username", "is required");
    }
    if (!VALID.matcher(value).matches()) {
      throw InvalidException.of("username", "must be 3 to 32 of a-z, 0-9, '_', '.', '-'");
    }
  }

  /** Accepts any case; usernames are unique case-insensitively. */
  public static Username of(String raw) {
    return new Username(raw == null ? null : raw.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return value;
  }
}
