package io.chatflow.adapter.http.plumbing;

/** An access token that is missing, malformed, forged, expired or of an ended session: 401. */
public final class BadToken extends RuntimeException {
  private final boolean missing;

  public BadToken(String reason) {
    this(reason, false);
  }

  private BadToken(String reason, boolean missing) {
    super(reason, null, false, false);
    this.missing = missing;
  }

  public static BadToken absent() {
    return new BadToken("no bearer token", true);
  }

  /** No credentials at all: the challenge carries no error code (RFC 6750 §3.1). */
  boolean missing() {
    return missing;
  }
}
