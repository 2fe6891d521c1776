package io.chatflow.adapter.http.plumbing;

import java.util.Map;

/** A failure of the HTTP exchange itself (content type, body size, method), not of the domain. */
public final class HttpProblem extends RuntimeException {
  private final int status;
  private final Map<String, String> headers;

  public HttpProblem(int status, String detail) {
    this(status, detail, Map.of());
  }

  public HttpProblem(int status, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }
}
