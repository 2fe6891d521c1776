package io.chatflow.domain.user;

import io.chatflow.domain.Text;

/** Password rules: 8..128 code points, compared in full (no truncation anywhere). */
public final class Passwords {
  public static final int MIN = 8;
  public static final int MAX = 128;

  private Passwords() {}

  public static String requireValid(String raw, String field) {
    return Text.requireLength(raw, field, MIN, MAX);
  }
}
