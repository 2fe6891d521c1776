package io.chatflow.domain.user;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Text;

/** A display name: 1..64 code points after trimming, stored trimmed, with nothing
 * invisible or reordering in it ({@link Text#requireShowable}). */
public final class DisplayName {
  public static final int MAX = 64;

  private DisplayName() {}

  public static String requireValid(String raw) {
    String trimmed = Text.requireShowable(raw, "displayName").strip();
    int n = Text.length(trimmed);
    if (n < 1 || n > MAX) {
      throw InvalidException.of("displayName", "must be 1 to " + MAX + " characters");
    }
    return trimmed;
  }
}
