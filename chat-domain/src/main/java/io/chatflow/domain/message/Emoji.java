package io.chatflow.domain.message;

import io.chatflow.domain.InvalidException;
import java.util.regex.Pattern;

/**
 * What a reaction is: one emoji (a single extended grapheme cluster made of emoji code points)
 * or a short code such as {@code thumbsup} ({@code [a-z0-9_+-]{1,32}}).
 */
public final class Emoji {
  public static final int MAX_DISTINCT_PER_MESSAGE = 20;

  private static final Pattern SHORT_CODE = Pattern.compile("[a-z0-9_+-]{1,32}");
  private static final Pattern ONE_CLUSTER = Pattern.compile("\\X");

  private Emoji() {}

  public static String requireValid(String raw) {
    if (raw != null && (SHORT_CODE.matcher(raw).matches() || isOneEmoji(raw))) {
      return raw;
    }
    throw InvalidException.of("emoji", "must be one emoji or a short code of 1 to 32 of a-z, 0-9, '_', '+', '-'");
  }

  private static boolean isOneEmoji(String s) {
    if (s.isEmpty() || s.length() > 64 || !ONE_CLUSTER.matcher(s).matches()) {
      return false;
    }
    int first = s.codePointAt(0);
    boolean keycap = s.indexOf('\u20E3') > 0 && (first == '#' || first == '*' || (first >= '0' && first <= '9'));
    if (!keycap && !isPictographic(first)) {
      return false;
    }
    return s.codePoints().skip(1).allMatch(cp -> isPictographic(cp) || isJoiner(cp));
  }

  /** Emoji bases: the Unicode blocks that hold them (a superset of Extended_Pictographic, regional indicators). */
  private static boolean isPictographic(int cp) {
    return (cp >= 0x1F000 && cp <= 0x1FAFF) // mahjong .. symbols and pictographs extended-A, flags' regional indicators
        || (cp >= 0x2600 && cp <= 0x27BF) // miscellaneous symbols, dingbats
        || (cp >= 0x2300 && cp <= 0x23FF) // technical (watch, hourglass)
        || (cp >= 0x2B00 && cp <= 0x2BFF) // arrows (star, circles)
        || (cp >= 0x2190 && cp <= 0x21FF) // arrows
        || (cp >= 0x25A0 && cp <= 0x25FF) // geometric shapes
        || (cp >= 0x2900 && cp <= 0x297F)
        || cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x2122 || cp == 0x2139
        || cp == 0x24C2 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
  }

  /** What joins or modifies an emoji inside its cluster: ZWJ, variation selectors, keycap, skin tones, tags. */
  private static boolean isJoiner(int cp) {
    return cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || cp == 0x20E3
        || (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F);
  }
}
