package io.chatflow.service;

import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.ConversationSummary;
import io.chatflow.ports.in.MemberView;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.Membership;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.UserStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds what callers see from what the stores hold; call inside a transaction. */
final class Views {
  private final UserStore users;
  private final ConversationStore conversations;
  private final MessageStore messages;

  Views(UserStore users, ConversationStore conversations, MessageStore messages) {
    this.users = users;
    this.conversations = conversations;
    this.messages = messages;
  }

  boolean isMember(ConversationId conversation, UserId user) {
    return conversations.findMember(conversation, user).isPresent();
  }

  /** The caller's membership, or "conversation not found" whether it exists or not. */
  Member membership(ConversationId conversation, UserId caller) {
    return conversations.findMember(conversation, caller).orElseThrow(() -> new NotFoundException("conversation"));
  }

  Conversation conversation(ConversationId id) {
    return conversations.findById(id).orElseThrow(() -> new NotFoundException("conversation"));
  }

  User user(UserId id) {
    return users.findById(id).orElseThrow(() -> new NotFoundException("user")).user();
  }

  MessageView message(Message message) {
    List<Reaction> reactions = message.deleted()
        ? List.of()
        : messages.reactions(message.conversationId(), List.of(message.seq())).getOrDefault(message.seq(), List.of());
    return new MessageView(message, user(message.senderId()), reactions);
  }

  /** The messages with their senders and reactions: one read of each per page (per conversation), not per message. */
  List<MessageView> messages(List<Message> page) {
    Map<UserId, User> senders = usersById(page.stream().map(Message::senderId).distinct().toList());
    Map<ConversationId, List<Long>> seqs = new LinkedHashMap<>();
    page.stream().filter(m -> !m.deleted())
        .forEach(m -> seqs.computeIfAbsent(m.conversationId(), c -> new ArrayList<>()).add(m.seq()));
    Map<ConversationId, Map<Long, List<Reaction>>> reactions = new HashMap<>();
    seqs.forEach((conversation, some) -> reactions.put(conversation, messages.reactions(conversation, some)));
    return page.stream()
        .map(m -> new MessageView(m, senders.get(m.senderId()),
            reactions.getOrDefault(m.conversationId(), Map.of()).getOrDefault(m.seq(), List.of())))
        .toList();
  }

  MemberView member(Member member) {
    return new MemberView(user(member.userId()), member.role(), member.joinedAt());
  }

  List<MemberView> members(List<Member> members) {
    Map<UserId, User> byId = usersById(members.stream().map(Member::userId).toList());
    return members.stream().map(m -> new MemberView(byId.get(m.userId()), m.role(), m.joinedAt())).toList();
  }

  ConversationSummary summary(Membership membership) {
    return summary(membership.conversation(), membership.member(), membership.memberCount());
  }

  ConversationSummary summary(Conversation conversation, Member member, int memberCount) {
    MessageView last = conversation.lastSeq() == 0
        ? null
        : messages.findBySeq(conversation.id(), conversation.lastSeq()).map(this::message).orElse(null);
    MessageStore.Unread unread = messages.countUnreadAndMentions(conversation.id(), member.readSeq(), member.userId());
    User peer = conversation.isDirect() ? peerOf(conversation, member.userId()) : null;
    return new ConversationSummary(conversation, member.role(), member.readSeq(), unread.messages(), last, memberCount,
        peer, unread.mentions());
  }

  private User peerOf(Conversation direct, UserId viewer) {
    return conversations.memberIds(direct.id()).stream()
        .filter(id -> !id.equals(viewer))
        .findFirst()
        .flatMap(users::findById)
        .map(Account::user)
        .orElse(null);
  }

  /** The conversation as {@code viewer} holds it, if they are a member. */
  Optional<ConversationSummary> summaryFor(ConversationId id, UserId viewer) {
    return conversations.findMember(id, viewer).flatMap(member -> conversations.findById(id)
        .map(c -> summary(c, member, conversations.memberIds(id).size())));
  }

  private Map<UserId, User> usersById(List<UserId> ids) {
    Map<UserId, User> found =
        users.findAllById(ids).stream().collect(Collectors.toMap(User::id, Function.identity(), (a, b) -> a));
    if (found.size() < ids.stream().distinct().count()) {
      throw new IllegalStateException("a referenced user is missing from the store");
    }
    return found;
  }
}
