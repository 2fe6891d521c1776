package io.chatflow.domain.conversation;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Text;

/** A group title: 1..100 code points after trimming, stored trimmed, with nothing
 * invisible or reordering in it ({@link Text#requireShowable}). */
public final class Title {
  public static final int MAX = 100;

  private Title() {}

  public static String requireValid(String raw) {
    String trimmed = Text.requireShowable(raw, "title").strip();
    int n = Text.length(trimmed);
    if (n < 1 || n > MAX) {
      throw InvalidException.of("title", "must be 1 to " + MAX + " characters");
    }
    return trimmed;
  }
}
