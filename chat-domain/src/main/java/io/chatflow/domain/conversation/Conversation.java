package io.chatflow.domain.conversation;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A conversation. {@code lastSeq} is the seq of its newest message (0 when empty);
 * {@code directKey} makes a direct conversation unique per pair (null for groups).
 */
public record Conversation(
    ConversationId id,
    Kind kind,
    String title,
    Instant createdAt,
    Instant lastActivityAt,
    long lastSeq,
    String directKey) {
  /** The most people a group holds (an add past it is 422): each post is fanned out to every one. */
  public static final int MAX_MEMBERS = 10_000;
  /** The most member ids one create names; a bigger group is filled by adding members. */
  public static final int MAX_MEMBER_IDS = 1_000;

  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastActivityAt, "lastActivityAt");
    if ((kind == Kind.DIRECT) != (directKey != null)) {
      throw new IllegalArgumentException("a direct conversation, and only it, has a directKey");
    }
  }

  /** Refuses an add that would take a group of {@code members} past {@link #MAX_MEMBERS}. */
  public static void requireRoomForOneMore(int members) {
    if (members >= MAX_MEMBERS) {
      throw InvalidException.of("userId", "a group has at most " + MAX_MEMBERS + " members");
    }
  }

  public static Conversation group(ConversationId id, String title, Instant at) {
    return new Conversation(id, Kind.GROUP, Title.requireValid(title), at, at, 0, null);
  }

  public static Conversation direct(ConversationId id, UserId a, UserId b, Instant at) {
    return new Conversation(id, Kind.DIRECT, null, at, at, 0, directKey(a, b));
  }

  /** The same key for (a, b) and (b, a). */
  public static String directKey(UserId a, UserId b) {
    return a.value().compareTo(b.value()) <= 0 ? a + "|" + b : b + "|" + a;
  }

  public boolean isDirect() {
    return kind == Kind.DIRECT;
  }

  /** The next message's seq; seq starts at 1 and has no gaps. */
  public long nextSeq() {
    return lastSeq + 1;
  }

  public Conversation withMessage(long seq, Instant at) {
    if (seq != lastSeq + 1) {
      throw new IllegalStateException("seq " + seq + " does not follow " + lastSeq);
    }
    return new Conversation(id, kind, title, createdAt, at, seq, directKey);
  }

  public Conversation retitled(String newTitle, Instant at) {
    requireGroup("title", "a direct conversation has no title");
    return new Conversation(id, kind, Title.requireValid(newTitle), createdAt, at, lastSeq, directKey);
  }

  public void requireGroup(String field, String message) {
    if (isDirect()) {
      throw InvalidException.of(field, message);
    }
  }
}
