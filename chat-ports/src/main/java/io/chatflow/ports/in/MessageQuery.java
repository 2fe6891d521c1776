package io.chatflow.ports.in;

/** Which page of messages: the newest (all null), before a seq, after a seq, or a page cursor. */
public record MessageQuery(Long before, Long after, String cursor, Integer limit) {
  public static MessageQuery newest() {
    return new MessageQuery(null, null, null, null);
  }
}
