package io.chatflow.ports.in;

import io.chatflow.domain.FieldError;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Validation;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.conversation.Title;
import io.chatflow.domain.user.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a conversation is created from, valid once built: every bad field is named at
 * once. The creator is left out of {@code memberIds} or not, as they like.
 */
public record NewConversation(Kind kind, String title, List<UserId> memberIds) {
  public NewConversation {
    title = validated(kind, title, memberIds);
    memberIds = List.copyOf(memberIds);
  }

  /** Checks every field at once; returns the title as shown. */
  private static String validated(Kind kind, String title, List<UserId> memberIds) {
    Validation v = new Validation();
    v.check(() -> required(kind, "kind", "is required"));
    String shown = title == null ? null : v.check(() -> Title.requireValid(title));
    v.check(() -> required(memberIds, "memberIds", "is required (an empty list for a group of one)"));
    if (memberIds != null && memberIds.size() > Conversation.MAX_MEMBER_IDS) {
      v.check(() -> {
        throw InvalidException.of("memberIds", "at most " + Conversation.MAX_MEMBER_IDS + " at creation; add more later");
      });
    } else if (memberIds != null && memberIds.stream().anyMatch(Objects::isNull)) {
      v.check(() -> {
        throw InvalidException.of("memberIds", "must not contain null");
      });
    }
    v.throwIfInvalid();
    if (kind == Kind.DIRECT && title != null) {
      throw InvalidException.of("title", "a direct conversation has no title");
    }
    return shown;
  }

  /** From the words of a request: {@code kind} is "direct" or "group". */
  public static NewConversation of(String kind, String title, List<UserId> memberIds) {
    List<FieldError> errors = new ArrayList<>();
    Kind parsed = null;
    try {
      parsed = kind == null ? null : Kind.parse(kind);
    } catch (InvalidException e) {
      errors.addAll(e.errors());
    }
    try {
      return new NewConversation(parsed, title, memberIds);
    } catch (InvalidException e) {
      if (errors.isEmpty()) {
        throw e;
      }
      e.errors().stream().filter(f -> !f.field().equals("kind")).forEach(errors::add);
      throw new InvalidException(errors);
    }
  }

  public static NewConversation direct(UserId other) {
    return new NewConversation(Kind.DIRECT, null, List.of(other));
  }

  public static NewConversation group(String title, List<UserId> members) {
    return new NewConversation(Kind.GROUP, title, members);
  }

  private static <T> T required(T value, String field, String message) {
    if (value == null) {
      throw InvalidException.of(field, message);
    }
    return value;
  }
}
