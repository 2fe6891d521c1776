package io.chatflow.adapter.http.plumbing;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatflow.domain.Page;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.ConversationDetail;
import io.chatflow.ports.in.ConversationSummary;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.EventData;
import io.chatflow.ports.in.MemberView;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.PresenceChange;
import io.chatflow.ports.in.PresenceView;
import io.chatflow.ports.in.ReactionChange;
import io.chatflow.ports.in.ReadMarker;
import io.chatflow.ports.in.SessionInfo;
import io.chatflow.ports.in.Typing;
import io.chatflow.ports.in.UserProfile;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The JSON shapes of API.md's responses, each made from its domain value. */
public final class Responses {
  private Responses() {}

  public record PageJson<T>(List<T> items, String nextCursor) {
    public static <D, T> PageJson<T> from(Page<D> page, Function<? super D, ? extends T> item) {
      return new PageJson<>(page.items().stream().<T>map(item).toList(), page.nextCursor());
    }
  }

  public record UserJson(String id, String username, String displayName, Instant createdAt) {
    public static UserJson from(User u) {
      return new UserJson(u.id().value(), u.username().value(), u.displayName(), u.createdAt());
    }
  }

  record UserRef(String id, String username, String displayName, boolean deactivated) {
    public static UserRef from(User u) {
      return new UserRef(u.id().value(), u.username().value(), u.displayName(), u.deactivated());
    }
  }

  public record SessionJson(
      String id, Instant createdAt, Instant lastUsedAt, String userAgent, String address, boolean current) {
    public static SessionJson from(SessionInfo s) {
      return new SessionJson(s.id().value(), s.createdAt(), s.lastUsedAt(), s.userAgent(), s.address(), s.current());
    }
  }

  record PresenceJson(String status, Instant lastSeenAt) {
    public static PresenceJson from(PresenceView p) {
      return new PresenceJson(p.status().wireName(), p.lastSeenAt());
    }
  }

  public record ProfileJson(String id, String username, String displayName, Instant createdAt, PresenceJson presence) {
    public static ProfileJson from(UserProfile p) {
      User u = p.user();
      return new ProfileJson(u.id().value(), u.username().value(), u.displayName(), u.createdAt(),
          PresenceJson.from(p.presence()));
    }
  }

  /** A message as {@code viewer} sees it: whether they are among those who reacted ({@code me}). */
  public record MessageJson(
      String id, String conversationId, long seq, UserRef sender, String body,
      Instant createdAt, Instant editedAt, boolean deleted, List<ReactionJson> reactions, Long replyTo,
      int replyCount, Instant lastReplyAt, List<String> mentions) {
    public static MessageJson from(MessageView v, UserId viewer) {
      Message m = v.message();
      return new MessageJson(m.id().value(), m.conversationId().value(), m.seq(), UserRef.from(v.sender()),
          m.deleted() ? "" : m.body(), m.createdAt(), m.editedAt(), m.deleted(),
          v.reactions().stream().map(r -> new ReactionJson(r.emoji(), r.count(), r.by(viewer))).toList(),
          m.replyTo(), m.replyCount(), m.lastReplyAt(), m.mentions().stream().map(UserId::value).toList());
    }

    /** For {@link PageJson#from}: each message as {@code viewer} sees it. */
    public static Function<MessageView, MessageJson> as(UserId viewer) {
      return v -> from(v, viewer);
    }
  }

  public record ReactionJson(String emoji, int count, boolean me) {}

  record ReactionChangeJson(long seq, String emoji, String userId) {}

  public record MemberJson(UserRef user, String role, Instant joinedAt) {
    public static MemberJson from(MemberView m) {
      return new MemberJson(UserRef.from(m.user()), m.role().wireName(), m.joinedAt());
    }
  }

  public record ConversationJson(
      String id, String kind, String title, Instant createdAt, Instant lastActivityAt, long lastSeq,
      MessageJson lastMessage, long unreadCount, int memberCount, String role, long readSeq, UserRef peer,
      long mentionCount) {
    public static ConversationJson from(ConversationSummary s, UserId viewer) {
      var c = s.conversation();
      return new ConversationJson(c.id().value(), c.kind().wireName(), c.title(), c.createdAt(),
          c.lastActivityAt(), c.lastSeq(), s.lastMessage() == null ? null : MessageJson.from(s.lastMessage(), viewer),
          s.unreadCount(), s.memberCount(), s.role().wireName(), s.readSeq(),
          s.peer() == null ? null : UserRef.from(s.peer()), s.mentionCount());
    }
  }

  /** A conversation as the list shows it, plus all of its members. */
  public record ConversationDetailJson(
      String id, String kind, String title, Instant createdAt, Instant lastActivityAt, long lastSeq,
      MessageJson lastMessage, long unreadCount, int memberCount, String role, long readSeq, UserRef peer,
      long mentionCount, List<MemberJson> members) {
    public static ConversationDetailJson from(ConversationDetail d, UserId viewer) {
      ConversationJson s = ConversationJson.from(d.summary(), viewer);
      return new ConversationDetailJson(s.id(), s.kind(), s.title(), s.createdAt(), s.lastActivityAt(),
          s.lastSeq(), s.lastMessage(), s.unreadCount(), s.memberCount(), s.role(), s.readSeq(), s.peer(),
          s.mentionCount(), d.members().stream().map(MemberJson::from).toList());
    }
  }

  public record ReadMarkerJson(String conversationId, long seq, long unreadCount) {
    public static ReadMarkerJson from(ReadMarker r) {
      return new ReadMarkerJson(r.conversationId().value(), r.seq(), r.unreadCount());
    }
  }

  record TypingJson(UserRef user, Instant expiresAt) {}

  record PresenceChangeJson(UserRef user, String status, Instant lastSeenAt) {}

  /** An event as its recipient {@code viewer} gets it. */
  public record EventJson(String id, String type, String conversationId, Instant at, Object data) {
    public static EventJson from(DeliveredEvent e, UserId viewer) {
      return new EventJson(e.id().toString(), e.type().wireName(),
          e.conversationId() == null ? null : e.conversationId().value(), e.at(), data(e.data(), viewer));
    }

    /** Whether the event reads the same to every recipient (a message that has reactions does not). */
    public static boolean sameForEveryone(DeliveredEvent e) {
      return !(e.data() instanceof MessageView m) || m.reactions().isEmpty();
    }

    private static Object data(EventData d, UserId viewer) {
      if (d == null) {
        return null;
      }
      if (d instanceof MessageView m) {
        return MessageJson.from(m, viewer);
      } else if (d instanceof ReactionChange r) {
        return new ReactionChangeJson(r.seq(), r.emoji(), r.userId().value());
      } else if (d instanceof MemberView m) {
        return MemberJson.from(m);
      } else if (d instanceof ConversationSummary s) {
        return ConversationJson.from(s, viewer);
      } else if (d instanceof ReadMarker r) {
        return ReadMarkerJson.from(r);
      } else if (d instanceof Typing t) {
        return new TypingJson(UserRef.from(t.user()), t.expiresAt());
      } else if (d instanceof PresenceChange p) {
        return new PresenceChangeJson(UserRef.from(p.user()), p.presence().status().wireName(), p.presence().lastSeenAt());
      }
      throw new IllegalStateException("unknown event data " + d.getClass());
    }
  }

  public record EventBatchJson(List<EventJson> events, String cursor) {
    public static EventBatchJson from(EventBatch b, UserId viewer) {
      return new EventBatchJson(b.events().stream().map(e -> EventJson.from(e, viewer)).toList(),
          b.cursor().toString());
    }
  }

  public record TokenJson(
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("expires_in") long expiresIn,
      @JsonProperty("refresh_token") String refreshToken) {}

  record OAuthErrorJson(
      @JsonProperty("error") String error,
      @JsonProperty("error_description") String errorDescription) {}

  public record StatusJson(String status) {}
}
