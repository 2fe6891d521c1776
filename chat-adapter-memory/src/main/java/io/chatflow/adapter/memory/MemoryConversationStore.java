package io.chatflow.adapter.memory;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.Membership;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryConversationStore implements ConversationStore {
  private static final Comparator<Conversation> MOST_RECENT_FIRST =
      Comparator.comparing(Conversation::lastActivityAt).thenComparing(c -> c.id().value()).reversed();

  private final Map<ConversationId, Conversation> byId = new ConcurrentHashMap<>();
  private final Map<String, ConversationId> byDirectKey = new ConcurrentHashMap<>();
  private final Map<ConversationId, Map<UserId, Member>> membersOf = new ConcurrentHashMap<>();
  private final Map<UserId, Map<ConversationId, ConversationId>> conversationsOf = new ConcurrentHashMap<>();
  private final Map<PastKey, List<Period>> pastPeriods = new ConcurrentHashMap<>();
  private final Undoable undoable;

  private record PastKey(ConversationId conversation, UserId user) {}

  private record Period(long since, long until) {}

  MemoryConversationStore(Undoable undoable) {
    this.undoable = undoable;
  }

  @Override
  public void save(Conversation conversation) {
    if (conversation.directKey() != null) {
      ConversationId holder = byDirectKey.get(conversation.directKey());
      if (holder != null && !holder.equals(conversation.id())) {
        throw new ConflictException("a direct conversation of this pair exists");
      }
      undoable.put(byDirectKey, conversation.directKey(), conversation.id());
    }
    undoable.put(byId, conversation.id(), conversation);
  }

  @Override
  public Optional<Conversation> findById(ConversationId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<Conversation> findByDirectKey(String directKey) {
    return Optional.ofNullable(byDirectKey.get(directKey)).map(byId::get);
  }

  @Override
  public void saveMember(Member member) {
    undoable.put(inConversation(member.conversationId()), member.userId(), member);
    undoable.put(ofUser(member.userId()), member.conversationId(), member.conversationId());
  }

  @Override
  public void deleteMember(ConversationId conversation, UserId user, long until) {
    Member member = inConversation(conversation).get(user);
    if (member == null) {
      return;
    }
    PastKey key = new PastKey(conversation, user);
    List<Period> periods = new ArrayList<>(pastPeriods.getOrDefault(key, List.of()));
    periods.add(new Period(member.sinceEvent(), until));
    undoable.put(pastPeriods, key, List.copyOf(periods));
    undoable.remove(inConversation(conversation), user);
    undoable.remove(ofUser(user), conversation);
  }

  /** Whether the event at {@code position} fell in a membership of the user's that has ended. */
  boolean wasMemberAt(ConversationId conversation, UserId user, long position) {
    return pastPeriods.getOrDefault(new PastKey(conversation, user), List.of()).stream()
        .anyMatch(p -> p.since() <= position && position <= p.until());
  }

  @Override
  public Optional<Member> findMember(ConversationId conversation, UserId user) {
    return Optional.ofNullable(inConversation(conversation).get(user));
  }

  @Override
  public List<Member> members(ConversationId conversation) {
    return inConversation(conversation).values().stream()
        .sorted(Comparator.comparingLong(Member::sinceEvent))
        .toList();
  }

  @Override
  public List<UserId> memberIds(ConversationId conversation) {
    return List.copyOf(inConversation(conversation).keySet());
  }

  @Override
  public List<Membership> conversationsOf(UserId user, ActivityKey after, int limit) {
    return ofUser(user).keySet().stream()
        .map(byId::get)
        .filter(Objects::nonNull)
        .filter(c -> after == null || isAfter(c, after))
        .sorted(MOST_RECENT_FIRST)
        .limit(limit)
        .map(c -> new Membership(c, inConversation(c.id()).get(user), inConversation(c.id()).size()))
        .toList();
  }

  @Override
  public List<ConversationId> conversationIdsOf(UserId user) {
    return List.copyOf(ofUser(user).keySet());
  }

  @Override
  public List<UserId> contactsOf(UserId user) {
    return ofUser(user).keySet().stream()
        .flatMap(c -> inConversation(c).keySet().stream())
        .filter(u -> !u.equals(user))
        .distinct()
        .toList();
  }

  private Map<UserId, Member> inConversation(ConversationId conversation) {
    return membersOf.computeIfAbsent(conversation, c -> new ConcurrentHashMap<>());
  }

  private Map<ConversationId, ConversationId> ofUser(UserId user) {
    return conversationsOf.computeIfAbsent(user, u -> new ConcurrentHashMap<>());
  }

  private static boolean isAfter(Conversation c, ActivityKey key) {
    int byTime = c.lastActivityAt().compareTo(key.lastActivityAt());
    return byTime < 0 || (byTime == 0 && c.id().value().compareTo(key.id().value()) < 0);
  }

  /** Forgets everything (inside a write, for the test harness's reset). */
  void clear() {
    byId.clear();
    byDirectKey.clear();
    membersOf.clear();
    conversationsOf.clear();
    pastPeriods.clear();
  }
}
