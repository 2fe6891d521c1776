package io.chatflow.adapter.postgres;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.ports.in.EventData;
import io.chatflow.ports.in.PresenceChange;
import io.chatflow.ports.in.PresenceView;
import io.chatflow.ports.in.Typing;
import io.chatflow.ports.out.ClusterBus;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.SessionsEnded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bus's notices as NOTIFY payloads: one line of fields split by '|', the sending node's id
 * second (so a node skips its own). Recipient lists are split over several payloads to stay
 * under PostgreSQL's 8000-byte limit. Free text (a display name) is the last field.
 */
final class BusNotices {
  /** Under PostgreSQL's payload limit (8000 bytes), with room for the fixed fields. */
  static final int MAX_PAYLOAD = 7000;
  private static final String SEP = "|";

  private BusNotices() {}

  /**
   * The feeds of {@code users} have events up to {@code upTo} (merged wake-ups: for some of them
   * it is higher than their newest, which costs a feed a read that finds nothing). At least one
   * payload, with no users when there are none: it still tells how far the log is.
   */
  static List<String> wakeUps(String node, Collection<UserId> users, long upTo) {
    List<String> out = new ArrayList<>();
    String position = Long.toString(upTo);
    StringBuilder slice = new StringBuilder();
    for (UserId user : users) {
      if (slice.length() + user.value().length() > MAX_PAYLOAD) {
        out.add(String.join(SEP, "W", node, position, slice));
        slice.setLength(0);
      }
      slice.append(slice.length() == 0 ? "" : ",").append(user.value());
    }
    if (slice.length() > 0 || out.isEmpty()) {
      out.add(String.join(SEP, "W", node, position, slice));
    }
    return out;
  }

  /** The position a wake-up names, 0 for every other notice. */
  static long position(String payload) {
    if (!payload.startsWith("W" + SEP)) {
      return 0;
    }
    String[] f = payload.split("\\|", 4);
    return f.length == 4 ? Long.parseLong(f[2]) : 0;
  }

  static String sessionsEnded(String node, SessionsEnded ended) {
    return String.join(SEP, "S", node, ended.user().value(), id(ended.only()), id(ended.except()));
  }

  static String resync(String node) {
    return String.join(SEP, "R", node);
  }

  /** An ephemeral delivery, one payload per slice of its recipients; empty when its data is not one the bus carries. */
  static List<String> ephemeral(String node, Delivery d) {
    Event e = d.event();
    String data;
    if (d.data() instanceof Typing t) {
      data = String.join(SEP, "T", t.expiresAt().toString(), user(t.user()));
    } else if (d.data() instanceof PresenceChange p) {
      data = String.join(SEP, "P", p.presence().status().name(),
          p.presence().lastSeenAt() == null ? "" : p.presence().lastSeenAt().toString(), user(p.user()));
    } else {
      return List.of();
    }
    String head = String.join(SEP, "E", node, e.type().name(), e.conversationId() == null ? "" : e.conversationId().value(),
        e.subject() == null ? "" : e.subject().value(), e.at().toString());
    List<String> out = new ArrayList<>();
    List<String> slice = new ArrayList<>();
    int length = 0;
    for (UserId r : d.recipients()) {
      if (length + r.value().length() + head.length() + data.length() > MAX_PAYLOAD) {
        out.add(String.join(SEP, head, String.join(",", slice), data));
        slice.clear();
        length = 0;
      }
      slice.add(r.value());
      length += r.value().length() + 1;
    }
    if (!slice.isEmpty()) {
      out.add(String.join(SEP, head, String.join(",", slice), data));
    }
    return out;
  }

  /** Hands one payload to {@code receiver} unless {@code self} sent it. */
  static void dispatch(String payload, String self, ClusterBus.Receiver receiver) {
    String[] f = payload.split("\\|", -1);
    if (f.length < 2 || f[1].equals(self)) {
      return;
    }
    switch (f[0]) {
      case "W" -> receiver.feedsAdvanced(users(f[3]), Long.parseLong(f[2]));
      case "S" -> receiver.sessionsEnded(new SessionsEnded(new UserId(f[2]), session(f[3]), session(f[4])));
      case "R" -> receiver.resync();
      case "E" -> receiver.ephemeral(ephemeral(f));
      default -> throw new IllegalArgumentException("unknown bus notice " + f[0]);
    }
  }

  private static Delivery ephemeral(String[] f) {
    // E|node|type|conversation|subject|at|recipients|kind|...data, user fields last
    String[] rest = String.join(SEP, Arrays.copyOfRange(f, 7, f.length)).split("\\|", -1);
    EventType type = EventType.valueOf(f[2]);
    ConversationId conversation = f[3].isEmpty() ? null : new ConversationId(f[3]);
    Event event = Event.ephemeral(type, conversation, f[4].isEmpty() ? null : new UserId(f[4]), Instant.parse(f[5]));
    EventData data = switch (rest[0]) {
      case "T" -> new Typing(user(rest, 2), Instant.parse(rest[1]));
      case "P" -> new PresenceChange(user(rest, 3),
          new PresenceView(PresenceView.Status.valueOf(rest[1]), rest[2].isEmpty() ? null : Instant.parse(rest[2])));
      default -> throw new IllegalArgumentException("unknown ephemeral data " + rest[0]);
    };
    return new Delivery(event, users(f[6]), data);
  }

  private static String user(User u) {
    return String.join(SEP, u.id().value(), u.username().value(), u.createdAt().toString(),
        Boolean.toString(u.deactivated()), u.displayName());
  }

  private static User user(String[] f, int from) {
    String displayName = String.join(SEP, Arrays.copyOfRange(f, from + 4, f.length));
    return new User(new UserId(f[from]), new Username(f[from + 1]), displayName, Instant.parse(f[from + 2]),
        Boolean.parseBoolean(f[from + 3]));
  }

  private static Set<UserId> users(String list) {
    return list.isEmpty() ? Set.of()
        : Arrays.stream(list.split(",")).map(UserId::new).collect(Collectors.toCollection(HashSet::new));
  }

  private static String id(SessionId id) {
    return id == null ? "" : id.value();
  }

  private static SessionId session(String value) {
    return value.isEmpty() ? null : new SessionId(value);
  }
}
