package io.chatflow.domain.message;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Text;

/** A body is stored exactly as sent; the 1..10,000 limit applies to its trimmed text. */
public final class MessageBody {
  public static final int MAX = 10_000;

  private MessageBody() {}

  public static String requireValid(String raw) {
    int n = Text.length(Text.require(raw, "body").strip());
    if (n < 1 || n > MAX) {
      throw InvalidException.of("body", "must be 1 to " + MAX + " characters after trimming");
    }
    return raw;
  }
}
