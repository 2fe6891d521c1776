package io.chatflow.adapter.sqlite;

import java.util.Collection;

/** A list of strings as one JSON array parameter, for {@code IN (SELECT value FROM json_each(?))}. */
final class JsonArrays {
  private JsonArrays() {}

  static String of(Collection<String> values) {
    StringBuilder json = new StringBuilder("[");
    for (String value : values) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"');
      for (char c : value.toCharArray()) {
        if (c == '"' || c == '\\') {
          json.append('\\').append(c);
        } else if (c < 0x20) {
          json.append(String.format("\\u%04x", (int) c));
        } else {
          json.append(c);
        }
      }
      json.append('"');
    }
    return json.append(']').toString();
  }
}
