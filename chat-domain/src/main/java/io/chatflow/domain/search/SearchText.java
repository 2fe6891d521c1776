package io.chatflow.domain.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How search reads text, the same in every store: words are runs of letters and digits,
 * compared with case and accents folded away (what SQLite's unicode61 tokenizer with
 * remove_diacritics and PostgreSQL's unaccent with the simple configuration do).
 */
public final class SearchText {
  /** Wraps a match in a highlight: STX before, ETX after. */
  public static final char MARK_START = '\u0002';
  public static final char MARK_END = '\u0003';

  private SearchText() {}

  /** A word of a text: its folded form and where it stands in the original (UTF-16 offsets). */
  public record Word(String folded, int start, int end) {}

  public static List<Word> words(String text) {
    List<Word> words = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      if (!isWordChar(c)) {
        i += Character.charCount(c);
        continue;
      }
      int start = i;
      while (i < text.length() && (isWordChar(text.codePointAt(i)) || isMark(text.codePointAt(i)))) {
        i += Character.charCount(text.codePointAt(i));
      }
      String folded = fold(text.substring(start, i));
      if (!folded.isEmpty()) {
        words.add(new Word(folded, start, i));
      }
    }
    return words;
  }

  /**
   * Lower case without accents: "Crème" and "CREME" are the same word. Only the combining
   * diacritics go (what PostgreSQL's unaccent takes off too); the rest is composed again, so a
   * Hangul syllable stays one letter and a kana keeps its voicing mark, and so do the vowel signs of
   * Indic scripts, which are marks as well but part of the letter.
   */
  public static String fold(String word) {
    String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed.codePoints().filter(c -> !isDiacritic(c)).forEach(out::appendCodePoint);
    return Normalizer.normalize(out, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  private static boolean isDiacritic(int c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF)
        || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
  }

  /** The body with each word the terms match wrapped in {@link #MARK_START} and {@link #MARK_END}. */
  public static String highlight(String body, SearchTerms terms) {
    StringBuilder out = new StringBuilder(body.length() + 16);
    int copied = 0;
    for (Word w : words(body)) {
      if (terms.matchesWord(w.folded())) {
        out.append(body, copied, w.start()).append(MARK_START).append(body, w.start(), w.end()).append(MARK_END);
        copied = w.end();
      }
    }
    return out.append(body, copied, body.length()).toString();
  }

  private static boolean isWordChar(int c) {
    return Character.isLetterOrDigit(c);
  }

  private static boolean isMark(int c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }
}
