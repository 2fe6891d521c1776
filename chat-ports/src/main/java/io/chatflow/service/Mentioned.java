package io.chatflow.service;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Mentions;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.UserStore;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Resolves a body's {@code @username}s to the conversation's members; call inside a transaction. */
final class Mentioned {
  private final ConversationStore conversations;
  private final UserStore users;

  Mentioned(ConversationStore conversations, UserStore users) {
    this.conversations = conversations;
    this.users = users;
  }

  /** The members {@code body} names; a body without an '@' costs no read. */
  List<UserId> in(ConversationId conversation, String body) {
    if (!Mentions.mayMention(body)) {
      return List.of();
    }
    Map<String, UserId> byName = users.findAllById(conversations.memberIds(conversation)).stream()
        .collect(Collectors.toMap(u -> u.username().value(), User::id, (a, b) -> a));
    return Mentions.in(body, byName);
  }
}
