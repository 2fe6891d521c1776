package io.chatflow.adapter.memory;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.search.SearchTerms;
import io.chatflow.domain.search.SearchText;
import io.chatflow.ports.out.SearchStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small inverted index: folded word to the messages holding it, and BM25 for relevance.
 * The message store tells it of every insert and replacement inside the write, so an edit's
 * old text and a deleted message drop out at once (and come back if the write rolls back).
 */
final class MemorySearchStore implements SearchStore {
  private static final double K1 = 1.2;
  private static final double B = 0.75;
  static final Comparator<Hit> BEST_FIRST = Comparator.comparingDouble(Hit::score).reversed()
      .thenComparing((Hit h) -> h.message().createdAt(), Comparator.reverseOrder())
      .thenComparing((Hit h) -> h.message().id().value(), Comparator.reverseOrder());

  private final Undoable undoable;
  private final Map<Key, Doc> docs = new HashMap<>();
  private final TreeMap<String, Set<Key>> postings = new TreeMap<>();
  private long totalWords;

  MemorySearchStore(Undoable undoable) {
    this.undoable = undoable;
  }

  /** The message at {@code now}'s place is now {@code now}. */
  synchronized void indexed(Message now) {
    Doc before = docs.get(key(now));
    apply(before, now.deleted() ? null : new Doc(now, SearchText.words(now.body()).stream()
        .map(SearchText.Word::folded).toList()));
    undoable.onRollback(() -> restore(before, now));
  }

  private synchronized void restore(Doc before, Message now) {
    apply(docs.get(key(now)), before);
  }

  private void apply(Doc out, Doc in) {
    if (out != null) {
      docs.remove(key(out.message()));
      totalWords -= out.words().size();
      for (String w : new HashSet<>(out.words())) {
        Set<Key> keys = postings.get(w);
        keys.remove(key(out.message()));
        if (keys.isEmpty()) {
          postings.remove(w);
        }
      }
    }
    if (in != null) {
      docs.put(key(in.message()), in);
      totalWords += in.words().size();
      for (String w : in.words()) {
        postings.computeIfAbsent(w, x -> new HashSet<>()).add(key(in.message()));
      }
    }
  }

  @Override
  public synchronized List<Hit> search(Query query) {
    SearchTerms terms = query.terms();
    if (terms.isEmpty() || docs.isEmpty()) {
      return List.of();
    }
    Map<String, Set<Key>> byTerm = new HashMap<>();
    for (String w : terms.exact()) {
      byTerm.put(w, postings.getOrDefault(w, Set.of()));
    }
    Set<Key> withPrefix = new HashSet<>();
    postings.subMap(terms.prefix(), terms.prefix() + Character.MAX_VALUE).values().forEach(withPrefix::addAll);
    Collection<Key> candidates = byTerm.values().stream().min(Comparator.comparingInt(Set::size)).orElse(withPrefix);
    double averageLength = (double) totalWords / docs.size();
    List<Hit> hits = new ArrayList<>();
    for (Key k : candidates) {
      Doc doc = docs.get(k);
      Message m = doc.message();
      if (!query.conversations().contains(m.conversationId())
          || (query.sender() != null && !m.senderId().equals(query.sender()))
          || !terms.matches(doc.words())) {
        continue;
      }
      double score = 0;
      for (String w : terms.exact()) {
        score += bm25(doc, averageLength, byTerm.get(w).size(), doc.words().stream().filter(w::equals).count());
      }
      score += bm25(doc, averageLength, withPrefix.size(),
          doc.words().stream().filter(x -> x.startsWith(terms.prefix())).count());
      Hit hit = new Hit(m, score);
      if (query.after() == null || BEST_FIRST.compare(hit, new Hit(placeHolder(m, query.after()), query.after().score())) > 0) {
        hits.add(hit);
      }
    }
    hits.sort(BEST_FIRST);
    return List.copyOf(hits.subList(0, Math.min(query.limit(), hits.size())));
  }

  private double bm25(Doc doc, double averageLength, int documentFrequency, long termFrequency) {
    double idf = Math.log(1 + (docs.size() - documentFrequency + 0.5) / (documentFrequency + 0.5));
    double tf = termFrequency;
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc.words().size() / averageLength));
  }

  /** A message standing at {@code place} in the order, to compare hits with it. */
  private static Message placeHolder(Message like, Place place) {
    return new Message(place.id(), like.conversationId(), 1, like.senderId(), "", place.createdAt(), null, false, null);
  }

  synchronized void clear() {
    docs.clear();
    postings.clear();
    totalWords = 0;
  }

  private static Key key(Message m) {
    return new Key(m.conversationId(), m.seq());
  }

  private record Key(ConversationId conversation, long seq) {}

  private record Doc(Message message, List<String> words) {}
}
