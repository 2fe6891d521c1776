package io.chatflow.adapter.memory;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.MessageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

final class MemoryMessageStore implements MessageStore {
  private final Map<ConversationId, NavigableMap<Long, Message>> bySeq = new ConcurrentHashMap<>();
  private final Map<ClientKey, Long> byClientId = new ConcurrentHashMap<>();
  private final Map<SeqKey, List<ReactionRow>> reactionsOf = new ConcurrentHashMap<>();
  private final MemoryEventStore events;
  private final MemoryConversationStore conversations;
  private final MemorySearchStore search;
  private final Undoable undoable;

  MemoryMessageStore(MemoryEventStore events, MemoryConversationStore conversations, MemorySearchStore search,
      Undoable undoable) {
    this.events = events;
    this.conversations = conversations;
    this.search = search;
    this.undoable = undoable;
  }

  @Override
  public Event insert(Message message) {
    if (messagesOf(message.conversationId()).containsKey(message.seq())) {
      throw new ConflictException("a message exists at seq " + message.seq());
    }
    put(bySeq.computeIfAbsent(message.conversationId(), c -> new ConcurrentSkipListMap<>()), message);
    return events.place(Event.ofMessage(EventType.MESSAGE_CREATED, message, message.createdAt()));
  }

  @Override
  public void save(Message message) {
    NavigableMap<Long, Message> messages = bySeq.get(message.conversationId());
    if (messages == null || !messages.containsKey(message.seq())) {
      throw new NotFoundException("message");
    }
    put(messages, message);
    if (message.deleted()) {
      undoable.remove(reactionsOf, new SeqKey(message.conversationId(), message.seq()));
    }
  }

  private void put(NavigableMap<Long, Message> messages, Message message) {
    if (message.clientMessageId() != null) {
      ClientKey key = new ClientKey(message.conversationId(), message.senderId(), message.clientMessageId());
      Long holder = byClientId.get(key);
      if (holder != null && holder != message.seq()) {
        throw new ConflictException("clientMessageId was used for another message");
      }
      undoable.put(byClientId, key, message.seq());
    }
    search.indexed(message);
    undoable.put(messages, message.seq(), message);
  }

  @Override
  public Optional<Message> findBySeq(ConversationId conversation, long seq) {
    return Optional.ofNullable(messagesOf(conversation).get(seq));
  }

  @Override
  public Optional<Message> findByClientMessageId(ConversationId conversation, UserId sender, String clientMessageId) {
    return Optional.ofNullable(byClientId.get(new ClientKey(conversation, sender, clientMessageId)))
        .flatMap(seq -> findBySeq(conversation, seq));
  }

  @Override
  public List<Message> before(ConversationId conversation, long beforeSeq, int limit) {
    List<Message> page = new ArrayList<>(limit);
    for (Message m : messagesOf(conversation).headMap(beforeSeq, false).descendingMap().values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(m);
    }
    Collections.reverse(page);
    return page;
  }

  @Override
  public List<Message> after(ConversationId conversation, long afterSeq, int limit) {
    return messagesOf(conversation).tailMap(afterSeq, false).values().stream().limit(limit).toList();
  }

  @Override
  public long countUnread(ConversationId conversation, long afterSeq, UserId reader) {
    return messagesOf(conversation).tailMap(afterSeq, false).values().stream()
        .filter(m -> !m.deleted() && !m.isFrom(reader))
        .count();
  }

  @Override
  public List<Message> replies(ConversationId conversation, long rootSeq, long afterSeq, int limit) {
    return messagesOf(conversation).tailMap(Math.max(afterSeq, rootSeq), false).values().stream()
        .filter(m -> m.replyTo() != null && m.replyTo() == rootSeq)
        .limit(limit)
        .toList();
  }

  @Override
  public boolean addReaction(ConversationId conversation, long seq, String emoji, UserId user, Instant at) {
    SeqKey key = new SeqKey(conversation, seq);
    List<ReactionRow> rows = reactionsOf.getOrDefault(key, List.of());
    ReactionRow row = new ReactionRow(emoji, user);
    if (rows.contains(row)) {
      return false;
    }
    List<ReactionRow> more = new ArrayList<>(rows);
    more.add(row);
    undoable.put(reactionsOf, key, List.copyOf(more));
    return true;
  }

  @Override
  public boolean removeReaction(ConversationId conversation, long seq, String emoji, UserId user) {
    SeqKey key = new SeqKey(conversation, seq);
    List<ReactionRow> rows = reactionsOf.getOrDefault(key, List.of());
    ReactionRow row = new ReactionRow(emoji, user);
    if (!rows.contains(row)) {
      return false;
    }
    List<ReactionRow> fewer = rows.stream().filter(r -> !r.equals(row)).toList();
    if (fewer.isEmpty()) {
      undoable.remove(reactionsOf, key);
    } else {
      undoable.put(reactionsOf, key, fewer);
    }
    return true;
  }

  @Override
  public Map<Long, List<Reaction>> reactions(ConversationId conversation, Collection<Long> seqs) {
    Map<Long, List<Reaction>> found = new HashMap<>();
    for (long seq : seqs) {
      List<ReactionRow> rows = reactionsOf.get(new SeqKey(conversation, seq));
      if (rows != null) {
        Map<String, List<UserId>> byEmoji = new LinkedHashMap<>();
        rows.forEach(r -> byEmoji.computeIfAbsent(r.emoji(), e -> new ArrayList<>()).add(r.user()));
        found.put(seq, byEmoji.entrySet().stream().map(e -> new Reaction(e.getKey(), e.getValue())).toList());
      }
    }
    return found;
  }

  @Override
  public List<Message> mentioning(UserId user, MentionKey after, int limit) {
    return bySeq.entrySet().stream()
        .filter(c -> conversations.findMember(c.getKey(), user).isPresent())
        .flatMap(c -> c.getValue().values().stream())
        .filter(m -> mentions(m, user))
        .sorted(NEWEST_FIRST)
        .filter(m -> after == null || NEWEST_FIRST.compare(m, place(after)) > 0)
        .limit(limit)
        .toList();
  }

  @Override
  public Unread countUnreadAndMentions(ConversationId conversation, long afterSeq, UserId reader) {
    long mentioning = messagesOf(conversation).tailMap(afterSeq, false).values().stream()
        .filter(m -> mentions(m, reader)).count();
    return new Unread(countUnread(conversation, afterSeq, reader), mentioning);
  }

  private static boolean mentions(Message m, UserId user) {
    return !m.deleted() && !m.isFrom(user) && m.mentions().contains(user);
  }

  private static final Comparator<Message> NEWEST_FIRST = Comparator.comparing(Message::createdAt)
      .thenComparing(m -> m.conversationId().value())
      .thenComparingLong(Message::seq)
      .reversed();

  /** A stand-in message at {@code key}'s place in the order. */
  private static Message place(MentionKey key) {
    return new Message(new MessageId("-"), key.conversation(), key.seq(), new UserId("-"), "", key.createdAt(), null,
        false, null);
  }

  private NavigableMap<Long, Message> messagesOf(ConversationId conversation) {
    return bySeq.getOrDefault(conversation, new ConcurrentSkipListMap<>());
  }

  private record SeqKey(ConversationId conversation, long seq) {}

  private record ReactionRow(String emoji, UserId user) {}

  private record ClientKey(ConversationId conversation, UserId sender, String clientMessageId) {}

  /** Forgets everything (inside a write, for the test harness's reset). */
  void clear() {
    bySeq.clear();
    reactionsOf.clear();
    byClientId.clear();
  }
}
