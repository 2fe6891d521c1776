package io.chatflow.adapter.http.plumbing;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chatflow.domain.Page;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.ConversationDetail;
import io.chatflow.ports.in.ConversationSummary;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.EventData;
import io.chatflow.ports.in.MemberView;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.PresenceChange;
import io.chatflow.ports.in.PresenceView;
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

  public record MessageJson(
      String id, String conversationId, long seq, UserRef sender, String body,
      Instant createdAt, Instant editedAt, boolean deleted) {
    public static MessageJson from(MessageView v) {
      Message m = v.message();
      return new MessageJson(m.id().value(), m.conversationId().value(), m.seq(), UserRef.from(v.sender()),
          m.deleted() ? "" : m.body(), m.createdAt(), m.editedAt(), m.deleted());
    }
  }

  public record MemberJson(UserRef user, String role, Instant joinedAt) {
    public static MemberJson from(MemberView m) {
      return new MemberJson(UserRef.from(m.user()), m.role().wireName(), m.joinedAt());
    }
  }

  public record ConversationJson(
      String id, String kind, String title, Instant createdAt, Instant lastActivityAt, long lastSeq,
      MessageJson lastMessage, long unreadCount, int memberCount, String role, long readSeq, UserRef peer) {
    public static ConversationJson from(ConversationSummary s) {
      var c = s.conversation();
      return new ConversationJson(c.id().value(), c.kind().wireName(), c.title(), c.createdAt(),
          c.lastActivityAt(), c.lastSeq(), s.lastMessage() == null ? null : MessageJson.from(s.lastMessage()),
          s.unreadCount(), s.memberCount(), s.role().wireName(), s.readSeq(),
          s.peer() == null ? null : UserRef.from(s.peer()));
    }
  }

  /** A conversation as the list shows it, plus all of its members. */
  public record ConversationDetailJson(
      String id, String kind, String title, Instant createdAt, Instant lastActivityAt, long lastSeq,
      MessageJson lastMessage, long unreadCount, int memberCount, String role, long readSeq, UserRef peer,
      List<MemberJson> members) {
    public static ConversationDetailJson from(ConversationDetail d) {
      ConversationJson s = ConversationJson.from(d.summary());
      return new ConversationDetailJson(s.id(), s.kind(), s.title(), s.createdAt(), s.lastActivityAt(),
          s.lastSeq(), s.lastMessage(), s.unreadCount(), s.memberCount(), s.role(), s.readSeq(), s.peer(),
          d.members().stream().map(MemberJson::from).toList());
    }
  }

  public record ReadMarkerJson(String conversationId, long seq, long unreadCount) {
    public static ReadMarkerJson from(ReadMarker r) {
      return new ReadMarkerJson(r.conversationId().value(), r.seq(), r.unreadCount());
    }
  }

  record TypingJson(UserRef user, Instant expiresAt) {}

  record PresenceChangeJson(UserRef user, String status, Instant lastSeenAt) {}

  public record EventJson(String id, String type, String conversationId, Instant at, Object data) {
    public static EventJson from(DeliveredEvent e) {
      return new EventJson(e.id().toString(), e.type().wireName(),
          e.conversationId() == null ? null : e.conversationId().value(), e.at(), data(e.data()));
    }

    private static Object data(EventData d) {
      if (d == null) {
        return null;
      }
      if (d instanceof MessageView m) {
        return MessageJson.from(m);
      } else if (d instanceof MemberView m) {
        return MemberJson.from(m);
      } else if (d instanceof ConversationSummary s) {
        return ConversationJson.from(s);
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
    public static EventBatchJson from(EventBatch b) {
      return new EventBatchJson(b.events().stream().map(EventJson::from).toList(), b.cursor().toString());
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
