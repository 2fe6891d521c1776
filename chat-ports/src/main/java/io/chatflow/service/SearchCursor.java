package io.chatflow.service;

import io.chatflow.domain.MalformedException;
import io.chatflow.domain.message.MessageId;
import io.chatflow.ports.out.SearchStore.Place;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A search page's cursor: the place of its last hit (score, createdAt, id), exact. */
final class SearchCursor {
  private SearchCursor() {}

  static String encode(Place place) {
    // Double.toString reads back as the same double: the store compares scores exactly
    return Cursors.encode("s" + place.score() + "," + place.createdAt() + "," + place.id().value());
  }

  static Place decode(String cursor) {
    String key = Cursors.decode(cursor);
    if (key == null) {
      return null;
    }
    String[] parts = key.startsWith("s") ? key.substring(1).split(",", 3) : new String[0];
    if (parts.length == 3 && !parts[2].isEmpty()) {
      try {
        double score = Double.parseDouble(parts[0]);
        if (Double.isFinite(score)) {
          return new Place(score, Instant.parse(parts[1]), new MessageId(parts[2]));
        }
      } catch (NumberFormatException | DateTimeParseException e) {
        // falls through to the one answer for every bad cursor
      }
    }
    throw new MalformedException("cursor", "is not a cursor of this list");
  }
}
