package io.chatflow.ports.out;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.search.SearchTerms;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A full-text index of the messages as they stand now: a message is found by its current
 * body only, a deleted one not at all. The store keeps it in step with the message store
 * inside the same write.
 */
public interface SearchStore {
  /**
   * Messages of {@code conversations} (from {@code sender} when given) whose body holds every
   * word of the terms, the last as a prefix: the most relevant first, then the newest (higher
   * createdAt, then higher id); strictly after {@code after} in that order when given.
   */
  List<Hit> search(Query query);

  /** What to look for and where; the caller decides which conversations the reader may search. */
  record Query(SearchTerms terms, Set<ConversationId> conversations, UserId sender, Place after, int limit) {
    public Query {
      Objects.requireNonNull(terms, "terms");
      conversations = Set.copyOf(conversations);
    }
  }

  /** A found message and its relevance in this store (higher is more relevant). */
  record Hit(Message message, double score) {
    public Place place() {
      return new Place(score, message.createdAt(), message.id());
    }
  }

  /** A place in the result order, the key of a page cursor. */
  record Place(double score, Instant createdAt, MessageId id) {}
}
