package io.chatflow.domain.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.InvalidException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTextTest {
  @Test
  void wordsAreFoldedForCaseAndAccentsAndKeepTheirPlaceInTheText() {
    List<SearchText.Word> words = SearchText.words("Crème BRÛLÉE, s'il-vous 42!");
    assertThat(words).extracting(SearchText.Word::folded).containsExactly("creme", "brulee", "s", "il", "vous", "42");
    assertThat(words.get(1).start()).isEqualTo(6);
    assertThat(words.get(1).end()).isEqualTo(12);
  }

  @Test
  void theLastWordIsAPrefixAndTheOthersMatchWhole() {
    SearchTerms terms = SearchTerms.parse("Cafe mee");
    assertThat(terms.matches(SearchText.words("a café meeting").stream().map(SearchText.Word::folded).toList())).isTrue();
    assertThat(terms.matches(List.of("cafes", "meeting"))).isFalse();
    assertThat(terms.matches(List.of("cafe", "me"))).isFalse();
  }

  @Test
  void highlightsWrapEachMatchingWordInTheBodyAsSent() {
    assertThat(SearchText.highlight("Le Café, the cafeteria; CAFE", SearchTerms.parse("cafe")))
        .isEqualTo("Le \u0002Café\u0003, the \u0002cafeteria\u0003; \u0002CAFE\u0003");
  }

  @Test
  void qHoldsOneTo200CodePoints() {
    assertThatThrownBy(() -> SearchTerms.parse("")).isInstanceOf(InvalidException.class).hasMessageContaining("q");
    assertThatThrownBy(() -> SearchTerms.parse("x".repeat(201))).isInstanceOf(InvalidException.class);
    assertThat(SearchTerms.parse("😀".repeat(200)).isEmpty()).isTrue();
    assertThat(SearchTerms.parse("x".repeat(200)).words()).hasSize(1);
  }
}
