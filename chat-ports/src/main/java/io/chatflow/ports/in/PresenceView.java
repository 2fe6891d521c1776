package io.chatflow.ports.in;

import java.time.Instant;

/** Online or offline, and when the user was last seen (null: never). */
public record PresenceView(Status status, Instant lastSeenAt) {
  public enum Status {
    ONLINE,
    OFFLINE;

    public String wireName() {
      return this == ONLINE ? "online" : "offline";
    }
  }
}
