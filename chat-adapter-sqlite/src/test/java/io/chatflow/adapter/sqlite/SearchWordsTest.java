package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.search.SearchText;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The index's words are the core's words, each under its conversation. */
class SearchWordsTest {
  private static final String[] PIECES = {"Crème", "BRÛLÉE", "cafe\u0301", "Ärger", "straße", "İstanbul", "ΣΟΦΙΑ", "한국어",
      "日本語", "x²", "١٢٣", "e\u0301\u0301", "\u0301lead", "🙂", "ﬁne", "ǅemal", "don't", "a_b", "C++", "42nd", "-", " ", "\t",
      "\n", "…", "\u00a0", "ǆ", "\ud835\udc00bc", "q", "Z", "9"};

  @Test
  void eachWordOfTheBodyIsKeptUnderItsConversationAsTheCoreFoldsIt() {
    assertThat(SearchWords.of(12, "Crème brûlée, tonight? CREME!")).isEqualTo("12_creme 12_brulee 12_tonight 12_creme");
    assertThat(SearchWords.of(3, "  ... ")).isEmpty();
  }

  @Test
  void anyTextGivesTheWordsOfSearchText() {
    SplittableRandom random = new SplittableRandom(24);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
        // any letter the Latin table folds, or a combining mark after it
        text.appendCodePoint(random.nextBoolean() ? 0x80 + random.nextInt(0x250 - 0x80) : 0x300 + random.nextInt(0x70));
        if (random.nextBoolean()) {
          text.append(random.nextBoolean() ? " " : "");
        }
      }
      String body = text.toString();
      String expected = SearchText.words(body).stream().map(w -> "7_" + w.folded()).collect(Collectors.joining(" "));

      assertThat(SearchWords.of(7, body)).as(body).isEqualTo(expected);
    }
  }
}
