package io.chatflow.adapter.http;

/** A token-endpoint failure, answered in the RFC 6749 §5.2 form. */
final class OAuthError extends RuntimeException {
  private final int status;
  private final String error;

  OAuthError(int status, String error, String description) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
  }

  static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description);
  }

  int status() {
    return status;
  }

  String error() {
    return error;
  }
}
