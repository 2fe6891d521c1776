package io.chatflow.adapter.memory;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.MessageStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

final class MemoryMessageStore implements MessageStore {
  private final Map<ConversationId, NavigableMap<Long, Message>> bySeq = new ConcurrentHashMap<>();
  private final Map<ClientKey, Long> byClientId = new ConcurrentHashMap<>();
  private final MemoryEventStore events;
  private final MemorySearchStore search;
  private final Undoable undoable;

  MemoryMessageStore(MemoryEventStore events, MemorySearchStore search, Undoable undoable) {
    this.events = events;
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

  private NavigableMap<Long, Message> messagesOf(ConversationId conversation) {
    return bySeq.getOrDefault(conversation, new ConcurrentSkipListMap<>());
  }

  private record ClientKey(ConversationId conversation, UserId sender, String clientMessageId) {}

  /** Forgets everything (inside a write, for the test harness's reset). */
  void clear() {
    bySeq.clear();
    byClientId.clear();
  }
}
