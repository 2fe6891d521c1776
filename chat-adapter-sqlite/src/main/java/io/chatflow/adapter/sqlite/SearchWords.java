package io.chatflow.adapter.sqlite;

import io.chatflow.domain.search.SearchText;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.Function;

/**
 * What the full-text index of V9 holds for a message: each word of its body as the core reads
 * words ({@link SearchText}), prefixed with its conversation's number ("12_creme"). A search then
 * reads only the postings of the reader's conversations, and bm25 counts a word's documents
 * within one conversation instead of across the file, which cost a pass over the whole doclist of
 * a common word per query. The words are made here, in Java, so index and query fold alike; the
 * V9 triggers call {@link #FUNCTION}, which every connection that writes messages registers.
 */
final class SearchWords {
  static final String FUNCTION = "chatflow_search_words";
  /**
   * Each letter or digit of ASCII and Latin-1 to Latin Extended-B folded alone: there a word
   * folds letter by letter (its marks go, and lower case needs no context), and SearchText's
   * normalizing costs the writer a few microseconds per post.
   */
  private static final String[] LATIN = new String[0x250];

  static {
    for (char c = 0; c < LATIN.length; c++) {
      LATIN[c] = Character.isLetterOrDigit(c) ? SearchText.fold(String.valueOf(c)) : "";
    }
  }

  private SearchWords() {}

  /** The index text of a body in conversation {@code no}: its tokens separated by spaces. */
  static String of(long no, String body) {
    String prefix = no + "_";
    StringBuilder out = new StringBuilder(body.length() + 8 * prefix.length());
    StringBuilder word = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int c = body.codePointAt(i);
      if (!Character.isLetterOrDigit(c)) {
        i += Character.charCount(c);
        continue;
      }
      int start = i;
      boolean tabled = true;
      word.setLength(0);
      while (i < body.length()) {
        int d = body.codePointAt(i);
        if (!Character.isLetterOrDigit(d) && !isMark(d)) {
          break;
        }
        if (tabled && d < LATIN.length) {
          word.append(LATIN[d]);
        } else {
          tabled = false;
        }
        i += Character.charCount(d);
      }
      // beyond the table, the word folds as the core folds it (a mark, Greek, Cyrillic, CJK...)
      String folded = tabled ? word.toString() : SearchText.fold(body.substring(start, i));
      if (!folded.isEmpty()) {
        out.append(out.isEmpty() ? "" : " ").append(prefix).append(folded);
      }
    }
    return out.toString();
  }

  /** One folded word of a query, as the index spells it in conversation {@code no}. */
  static String token(long no, String folded) {
    return no + "_" + folded;
  }

  /** Lets the V9 triggers (and the migration that fills the index) run on {@code connection}. */
  static void register(Connection connection) throws SQLException {
    Function.create(connection, FUNCTION, new Function() {
      @Override
      protected void xFunc() throws SQLException {
        result(of(value_long(0), value_text(1)));
      }
    }, 2, Function.FLAG_DETERMINISTIC);
  }

  private static boolean isMark(int c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }
}
