package io.chatflow.service;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Limit;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.Page;
import io.chatflow.domain.Validation;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.ClientMessageIds;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageBody;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.Messaging;
import io.chatflow.ports.in.ReadMarker;
import io.chatflow.ports.in.Typing;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.IdGenerator;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import io.chatflow.ports.out.WriteHint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Messages: posting at the next seq (replies and mentions with it), paging, editing, deleting,
 * read markers, typing; reactions and the thread and mention lists through their helpers.
 */
public final class MessagingService implements Messaging {
  private final MessageStore messages;
  private final ConversationStore conversations;
  private final Transactions transactions;
  private final Journal journal;
  private final Views views;
  private final IdGenerator ids;
  private final Clock clock;
  private final Duration typingExpiry;
  private final DeliveryBacklog backlog;
  private final Mentioned mentioned;
  private final Threads threads;
  private final Reacting reacting;

  MessagingService(
      MessageStore messages, ConversationStore conversations, UserStore users, Transactions transactions,
      Journal journal, Views views, IdGenerator ids, Clock clock, Duration typingExpiry, DeliveryBacklog backlog) {
    this.messages = messages;
    this.conversations = conversations;
    this.transactions = transactions;
    this.journal = journal;
    this.views = views;
    this.ids = ids;
    this.clock = clock;
    this.typingExpiry = typingExpiry;
    this.backlog = backlog;
    this.mentioned = new Mentioned(conversations, users);
    this.threads = new Threads(messages, transactions, journal, views);
    this.reacting = new Reacting(messages, conversations, transactions, journal, views, clock);
  }

  @Override
  public Posted post(UserId actor, ConversationId id, String body, String clientMessageId, Long replyTo) {
    return postPaced(actor, id, body, clientMessageId, replyTo).toCompletableFuture().join();
  }

  @Override
  public CompletionStage<Posted> postPaced(
      UserId actor, ConversationId id, String body, String clientMessageId, Long replyTo) {
    Validation v = new Validation();
    v.check(() -> MessageBody.requireValid(body));
    v.check(() -> ClientMessageIds.requireValid(clientMessageId));
    if (replyTo != null && replyTo < 1) {
      v.check(() -> {
        throw InvalidException.of("replyTo", "must be the seq of a message");
      });
    }
    v.throwIfInvalid();
    MessageId messageId = new MessageId(ids.newId());
    // The author is read inside the write: a store with one writer may keep it at hand there,
    // where a read of its own would take a pooled connection for every post.
    Posted posted = transactions.write(new WriteHint(actor, id, clientMessageId), () -> {
      User author = views.user(actor);
      Member sender = views.membership(id, actor);
      if (clientMessageId != null) {
        Optional<Message> earlier = messages.findByClientMessageId(id, actor, clientMessageId);
        if (earlier.isPresent()) {
          return new Posted(views.message(earlier.get()), false);
        }
      }
      Message root = replyTo == null ? null : threads.rootFor(id, replyTo);
      Conversation conversation = views.conversation(id);
      Instant now = clock.instant();
      long seq = conversation.nextSeq();
      Message message = new Message(messageId, id, seq, actor, body, now, null, false, clientMessageId)
          .mentioning(mentioned.in(id, body));
      if (root != null) {
        message = message.inThreadOf(root);
      }
      Event created = messages.insert(message);
      conversations.save(conversation.withMessage(seq, now));
      conversations.saveMember(sender.readUpTo(seq));
      MessageView view = new MessageView(message, author);
      List<UserId> members = memberIds(id);
      journal.deliverAfterCommit(created, members, view);
      if (root != null) {
        threads.replied(root, now, members);
      }
      return new Posted(view, true);
    });
    // durable and published: under overload, pace the poster rather than the readers
    return backlog.room().thenApply(room -> posted);
  }

  @Override
  public Page<MessageView> list(UserId actor, ConversationId id, MessageQuery query) {
    Limit size = Limit.of(query.limit());
    Long before = query.before();
    Long after = query.after();
    if (query.cursor() != null && !query.cursor().isEmpty()) {
      if (before != null || after != null) {
        throw InvalidException.of("cursor", "use either a cursor or before/after");
      }
      Cursors.Tagged place = Cursors.decodeTagged(query.cursor(), "ab");
      if (place.tag() == 'a') {
        after = place.value();
      } else {
        before = place.value();
      }
    }
    if (before != null && after != null) {
      throw InvalidException.of("before", "use either before or after, not both");
    }
    if (before != null && before < 1) {
      throw InvalidException.of("before", "must be at least 1");
    }
    if (after != null && after < 0) {
      throw InvalidException.of("after", "must be at least 0");
    }
    Long from = after;
    long until = before == null ? Long.MAX_VALUE : before;
    return transactions.read(() -> {
      views.membership(id, actor);
      if (from != null) {
        List<Message> page = messages.after(id, from, size.value());
        long lastSeq = views.conversation(id).lastSeq();
        boolean more = !page.isEmpty() && page.get(page.size() - 1).seq() < lastSeq;
        String next = more ? Cursors.encode("a" + page.get(page.size() - 1).seq()) : null;
        return new Page<>(views.messages(page), next);
      }
      List<Message> page = messages.before(id, until, size.value());
      boolean more = !page.isEmpty() && page.get(0).seq() > 1;
      String next = more ? Cursors.encode("b" + page.get(0).seq()) : null;
      return new Page<>(views.messages(page), next);
    });
  }

  @Override
  public MessageView edit(UserId actor, ConversationId id, long seq, String body) {
    MessageBody.requireValid(body);
    return transactions.write(() -> {
      views.membership(id, actor);
      Instant now = clock.instant();
      Message edited = find(id, seq).edited(actor, body, now).mentioning(mentioned.in(id, body));
      messages.save(edited);
      MessageView view = views.message(edited);
      journal.record(Event.ofMessage(EventType.MESSAGE_UPDATED, edited, now), memberIds(id), view);
      return view;
    });
  }

  @Override
  public MessageView delete(UserId actor, ConversationId id, long seq) {
    return transactions.write(() -> {
      Member member = views.membership(id, actor);
      Message message = find(id, seq);
      Instant now = clock.instant();
      Message tombstone = message.deletedBy(member, now);
      if (tombstone == message) {
        return views.message(message);
      }
      messages.save(tombstone);
      MessageView view = views.message(tombstone);
      journal.record(Event.ofMessage(EventType.MESSAGE_DELETED, tombstone, now), memberIds(id), view);
      return view;
    });
  }

  @Override
  public Page<MessageView> replies(UserId actor, ConversationId id, long seq, MessageQuery query) {
    return threads.replies(actor, id, seq, query);
  }

  @Override
  public Page<MessageView> mentions(UserId actor, String cursor, Integer limit) {
    return threads.mentions(actor, cursor, limit);
  }

  @Override
  public Reacted react(UserId actor, ConversationId id, long seq, String emoji) {
    return reacting.add(actor, id, seq, emoji);
  }

  @Override
  public void unreact(UserId actor, ConversationId id, long seq, String emoji) {
    reacting.remove(actor, id, seq, emoji);
  }

  @Override
  public ReadMarker markRead(UserId actor, ConversationId id, long seq) {
    if (seq < 0) {
      throw InvalidException.of("seq", "must be at least 0");
    }
    return transactions.write(() -> {
      Member member = views.membership(id, actor);
      if (seq > views.conversation(id).lastSeq()) {
        throw InvalidException.of("seq", "is beyond the newest message");
      }
      Member moved = member.readUpTo(seq);
      long unread = messages.countUnread(id, moved.readSeq(), actor);
      ReadMarker marker = new ReadMarker(id, moved.readSeq(), unread);
      if (moved != member) {
        conversations.saveMember(moved);
        journal.record(Event.ofRead(id, actor, moved.readSeq(), clock.instant()), List.of(actor), marker);
      }
      return marker;
    });
  }

  @Override
  public void typing(UserId actor, ConversationId id) {
    Instant now = clock.instant();
    transactions.read(() -> {
      views.membership(id, actor);
      List<UserId> others = memberIds(id).stream().filter(u -> !u.equals(actor)).toList();
      Typing typing = new Typing(views.user(actor), now.plus(typingExpiry));
      journal.announce(Event.ephemeral(EventType.TYPING, id, actor, now), others, typing);
      return null;
    });
  }

  private Message find(ConversationId id, long seq) {
    return messages.findBySeq(id, seq).orElseThrow(() -> new NotFoundException("message"));
  }

  private List<UserId> memberIds(ConversationId id) {
    return conversations.memberIds(id);
  }
}
