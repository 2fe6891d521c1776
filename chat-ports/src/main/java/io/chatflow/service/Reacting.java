package io.chatflow.service;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Emoji;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Messaging.Reacted;
import io.chatflow.ports.in.ReactionChange;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Reactions on messages: idempotent adds and removes, each change a stored event for every member. */
final class Reacting {
  private final MessageStore messages;
  private final ConversationStore conversations;
  private final Transactions transactions;
  private final Journal journal;
  private final Views views;
  private final Clock clock;

  Reacting(MessageStore messages, ConversationStore conversations, Transactions transactions, Journal journal,
      Views views, Clock clock) {
    this.messages = messages;
    this.conversations = conversations;
    this.transactions = transactions;
    this.journal = journal;
    this.views = views;
    this.clock = clock;
  }

  Reacted add(UserId actor, ConversationId conversation, long seq, String emoji) {
    Emoji.requireValid(emoji);
    return transactions.write(() -> {
      views.membership(conversation, actor);
      Message message = find(conversation, seq);
      message.requireOpenForReactions();
      List<Reaction> there = messages.reactions(conversation, List.of(seq)).getOrDefault(seq, List.of());
      Reaction same = there.stream().filter(r -> r.emoji().equals(emoji)).findFirst().orElse(null);
      if (same != null && same.by(actor)) {
        return new Reacted(views.message(message), false);
      }
      if (same == null && there.size() >= Emoji.MAX_DISTINCT_PER_MESSAGE) {
        throw InvalidException.of("emoji",
            "a message takes at most " + Emoji.MAX_DISTINCT_PER_MESSAGE + " different reactions");
      }
      Instant now = clock.instant();
      messages.addReaction(conversation, seq, emoji, actor, now);
      record(EventType.REACTION_ADDED, conversation, seq, emoji, actor, now);
      return new Reacted(views.message(message), true);
    });
  }

  void remove(UserId actor, ConversationId conversation, long seq, String emoji) {
    Emoji.requireValid(emoji);
    transactions.write(() -> {
      views.membership(conversation, actor);
      find(conversation, seq);
      if (messages.removeReaction(conversation, seq, emoji, actor)) {
        record(EventType.REACTION_REMOVED, conversation, seq, emoji, actor, clock.instant());
      }
      return null;
    });
  }

  private void record(EventType type, ConversationId conversation, long seq, String emoji, UserId actor, Instant at) {
    journal.record(Event.ofReaction(type, conversation, seq, actor, emoji, at), conversations.memberIds(conversation),
        new ReactionChange(seq, emoji, actor));
  }

  private Message find(ConversationId conversation, long seq) {
    return messages.findBySeq(conversation, seq).orElseThrow(() -> new NotFoundException("message"));
  }
}
