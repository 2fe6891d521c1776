package io.chatflow.service;

import io.chatflow.domain.MalformedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page cursors: the service's own key text, base64url so clients treat it as a token. */
final class Cursors {
  private static final String PREFIX = "cf1:";

  private Cursors() {}

  static String encode(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
  }

  /** The key inside {@code cursor}, or null when there is no cursor. */
  static String decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        return text.substring(PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // falls through to the one answer for every bad cursor
    }
    throw new MalformedException("cursor", "is not a cursor of this list");
  }

  /** The text after {@code tag} in a cursor's key, or null when there is no cursor. */
  static String decodeText(String cursor, char tag) {
    String key = decode(cursor);
    if (key == null) {
      return null;
    }
    if (!key.isEmpty() && key.charAt(0) == tag) {
      return key.substring(1);
    }
    throw new MalformedException("cursor", "is not a cursor of this list");
  }

  /** A cursor whose key is one of {@code tags} followed by a number, such as "b42". */
  static Tagged decodeTagged(String cursor, String tags) {
    String key = decode(cursor);
    if (key != null && key.length() > 1 && tags.indexOf(key.charAt(0)) >= 0) {
      try {
        return new Tagged(key.charAt(0), Long.parseLong(key.substring(1)));
      } catch (NumberFormatException e) {
        // falls through
      }
    }
    throw new MalformedException("cursor", "is not a cursor of this list");
  }

  record Tagged(char tag, long value) {}
}
