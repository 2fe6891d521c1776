package io.chatflow.domain.message;

import io.chatflow.domain.Text;

/** A client's own id for a post, which makes retries idempotent: 1..64 code points. */
public final class ClientMessageIds {
  public static final int MAX = 64;

  private ClientMessageIds() {}

  /** Null (no id) is allowed. */
  public static String requireValid(String raw) {
    return raw == null ? null : Text.requireLength(raw, "clientMessageId", 1, MAX);
  }
}
