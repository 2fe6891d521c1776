package io.chatflow.service;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Limit;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.MessageStore.MentionKey;
import io.chatflow.ports.out.Transactions;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Threads (a reply's root, the root's count, the replies list) and the caller's mentions list. */
final class Threads {
  private final MessageStore messages;
  private final Transactions transactions;
  private final Journal journal;
  private final Views views;

  Threads(MessageStore messages, Transactions transactions, Journal journal, Views views) {
    this.messages = messages;
    this.transactions = transactions;
    this.journal = journal;
    this.views = views;
  }

  /** The root of the thread a reply to {@code seq} joins: that message, or its own root. Inside the write. */
  Message rootFor(ConversationId conversation, long seq) {
    Message target = messages.findBySeq(conversation, seq)
        .orElseThrow(() -> InvalidException.of("replyTo", "names no message of this conversation"));
    Message root = target.isReply()
        ? messages.findBySeq(conversation, target.replyTo())
            .orElseThrow(() -> new IllegalStateException("a reply's root is missing"))
        : target;
    root.requireOpenForReplies();
    return root;
  }

  /** Counts one more reply on {@code root}, and tells the members (message.updated). Inside the write. */
  void replied(Message root, Instant at, Collection<UserId> members) {
    Message counted = root.withReply(at);
    messages.save(counted);
    MessageView view = views.message(counted);
    journal.record(Event.ofMessage(EventType.MESSAGE_UPDATED, counted, at), members, view);
  }

  Page<MessageView> replies(UserId actor, ConversationId conversation, long seq, MessageQuery query) {
    Limit size = Limit.of(query.limit());
    if (query.before() != null) {
      throw InvalidException.of("before", "is not for threads: page with after or the cursor");
    }
    Long after = query.after();
    if (query.cursor() != null && !query.cursor().isEmpty()) {
      if (after != null) {
        throw InvalidException.of("cursor", "use either a cursor or after");
      }
      after = Cursors.decodeTagged(query.cursor(), "r").value();
    }
    if (after != null && after < 0) {
      throw InvalidException.of("after", "must be at least 0");
    }
    long from = after == null ? 0 : after;
    return transactions.read(() -> {
      views.membership(conversation, actor);
      Message target = messages.findBySeq(conversation, seq).orElseThrow(() -> new NotFoundException("message"));
      long root = target.threadRoot();
      List<Message> page = messages.replies(conversation, root, from, size.value() + 1);
      boolean more = page.size() > size.value();
      List<Message> shown = more ? page.subList(0, size.value()) : page;
      String next = more ? Cursors.encode("r" + shown.get(shown.size() - 1).seq()) : null;
      return new Page<>(views.messages(shown), next);
    });
  }

  Page<MessageView> mentions(UserId actor, String cursor, Integer limit) {
    Limit size = Limit.of(limit);
    MentionKey after = decode(cursor);
    return transactions.read(() -> {
      List<Message> page = messages.mentioning(actor, after, size.value() + 1);
      boolean more = page.size() > size.value();
      List<Message> shown = more ? page.subList(0, size.value()) : page;
      String next = more ? encode(shown.get(shown.size() - 1)) : null;
      return new Page<>(views.messages(shown), next);
    });
  }

  private static String encode(Message last) {
    Instant at = last.createdAt();
    return Cursors.encode("m" + at.getEpochSecond() + ":" + at.getNano() + ":" + last.seq() + ":"
        + last.conversationId().value());
  }

  private static MentionKey decode(String cursor) {
    String key = Cursors.decodeText(cursor, 'm');
    if (key == null) {
      return null;
    }
    String[] parts = key.split(":", 4);
    try {
      if (parts.length == 4 && !parts[3].isEmpty()) {
        return new MentionKey(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
            new ConversationId(parts[3]), Long.parseLong(parts[2]));
      }
    } catch (RuntimeException e) {
      // falls through to the one answer for every bad cursor
    }
    throw new MalformedException("cursor", "is not a cursor of this list");
  }
}
