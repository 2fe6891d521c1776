package io.chatflow.domain.event;

import io.chatflow.domain.MalformedException;

/** A place in a user's event feed: everything up to and including {@code position} has been seen. */
public record EventCursor(long position) implements Comparable<EventCursor> {
  public static final EventCursor START = new EventCursor(0);

  public EventCursor {
    if (position < 0) {
      throw new IllegalArgumentException("position " + position);
    }
  }

  /** Parses the text form clients hold; anything else is malformed. */
  public static EventCursor parse(String text, String field) {
    if (text == null || text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedException(field, "is not an event cursor");
    }
    try {
      return new EventCursor(Long.parseLong(text));
    } catch (NumberFormatException e) {
      throw new MalformedException(field, "is not an event cursor");
    }
  }

  public EventCursor max(EventCursor other) {
    return position >= other.position ? this : other;
  }

  @Override
  public int compareTo(EventCursor o) {
    return Long.compare(position, o.position);
  }

  @Override
  public String toString() {
    return Long.toString(position);
  }
}
