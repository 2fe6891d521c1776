package io.chatflow.adapter.http.plumbing;

import io.chatflow.domain.RateLimitedException;
import java.util.Map;

/** A token-endpoint failure, answered in the RFC 6749 §5.2 form. */
public final class OAuthError extends RuntimeException {
  private final int status;
  private final String error;
  private final Map<String, String> headers;

  public OAuthError(int status, String error, String description) {
    this(status, error, description, Map.of());
  }

  public OAuthError(int status, String error, String description, Map<String, String> headers) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.headers = Map.copyOf(headers);
  }

  public static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description);
  }

  /** An HTTP-level refusal (413, 415) or a rate limit, in this form. */
  static OAuthError of(HttpProblem e) {
    return new OAuthError(e.status(), "invalid_request", e.getMessage(), e.headers());
  }

  static OAuthError of(RateLimitedException e) {
    // slow_down: the registered token-endpoint error for "ask less often"
    return new OAuthError(429, "slow_down", e.getMessage(),
        Map.of("Retry-After", Long.toString(Problems.retryAfterSeconds(e.retryAfter()))));
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }

  Map<String, String> headers() {
    return headers;
  }
}
