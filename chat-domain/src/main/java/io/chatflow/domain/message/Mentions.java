package io.chatflow.domain.message;

import io.chatflow.domain.user.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the members a body names as {@code @username}. */
public final class Mentions {
  // not after a word character or '@', so e-mail addresses and "@@x" name nobody
  private static final Pattern AT_NAME = Pattern.compile("(?<![\\p{L}\\p{N}_@.])@([A-Za-z0-9_.-]{3,32})");

  private Mentions() {}

  /** Whether {@code body} could mention anyone: a cheap test before looking the members up. */
  public static boolean mayMention(String body) {
    return body.indexOf('@') >= 0;
  }

  /**
   * The ids of members named in {@code body}, in order of first mention, each once.
   * {@code members} maps lower-case usernames to ids. A name may end a sentence: "@bob." names bob.
   */
  public static List<UserId> in(String body, Map<String, UserId> members) {
    List<UserId> found = new ArrayList<>();
    Matcher m = AT_NAME.matcher(body);
    while (m.find()) {
      String name = m.group(1).toLowerCase(Locale.ROOT);
      UserId id = members.get(name);
      while (id == null && (name.endsWith(".") || name.endsWith("-"))) {
        name = name.substring(0, name.length() - 1);
        id = members.get(name);
      }
      if (id != null && !found.contains(id)) {
        found.add(id);
      }
    }
    return List.copyOf(found);
  }
}
