package io.chatflow.domain.search;

import io.chatflow.domain.InvalidException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a search asks for: the folded words of {@code q}, each of which a message must hold;
 * the last counts as a prefix (the user may still be typing it).
 */
public record SearchTerms(List<String> words) {
  public static final int MAX_LENGTH = 200;

  public SearchTerms {
    words = List.copyOf(words);
  }

  /** {@code q} of 1 to 200 characters (code points), else invalid; it may hold no word at all. */
  public static SearchTerms parse(String q) {
    if (q == null) {
      throw InvalidException.of("q", "is required");
    }
    int length = q.codePointCount(0, q.length());
    if (length < 1 || length > MAX_LENGTH) {
      throw InvalidException.of("q", "must be 1 to " + MAX_LENGTH + " characters");
    }
    return new SearchTerms(SearchText.words(q).stream().map(SearchText.Word::folded).toList());
  }

  public boolean isEmpty() {
    return words.isEmpty();
  }

  /** Every word but the last: matched whole. */
  public List<String> exact() {
    return words.subList(0, Math.max(0, words.size() - 1));
  }

  /** The last word: matched as a prefix. */
  public String prefix() {
    return words.get(words.size() - 1);
  }

  /** Whether a message whose folded words are {@code bodyWords} matches. */
  public boolean matches(List<String> bodyWords) {
    if (isEmpty()) {
      return false;
    }
    Set<String> present = new HashSet<>(bodyWords);
    return present.containsAll(exact()) && bodyWords.stream().anyMatch(w -> w.startsWith(prefix()));
  }

  /** Whether one folded word is what a term asks for: equal to one, or starting with the prefix. */
  public boolean matchesWord(String folded) {
    return !isEmpty() && (folded.startsWith(prefix()) || exact().contains(folded));
  }
}
