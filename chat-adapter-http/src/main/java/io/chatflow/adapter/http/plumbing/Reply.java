package io.chatflow.adapter.http.plumbing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** What an endpoint answers: a status, a body (JSON unless it is already text) and extra headers. */
public record Reply(int status, String contentType, Object body, Map<String, String> headers) {
  public static final String JSON = "application/json; charset=utf-8";

  /** The endpoint took the exchange over and will answer it later itself. */
  public static final Reply DETACHED = new Reply(0, null, null, Map.of());

  /** The answer once {@code later} completes; the request holds no worker thread meanwhile. */
  public static Reply later(CompletionStage<Reply> later) {
    return new Reply(0, null, later, Map.of());
  }

  /** The stage of a {@link #later} reply, or null. */
  CompletionStage<?> pending() {
    return status == 0 && body instanceof CompletionStage<?> stage ? stage : null;
  }

  public static Reply ok(Object body) {
    return new Reply(200, JSON, body, Map.of());
  }

  public static Reply created(Object body) {
    return new Reply(201, JSON, body, Map.of());
  }

  public static Reply noContent() {
    return new Reply(204, null, null, Map.of());
  }

  public static Reply text(int status, String contentType, String body) {
    return new Reply(status, contentType, body, Map.of());
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, contentType, body, Map.copyOf(more));
  }
}
