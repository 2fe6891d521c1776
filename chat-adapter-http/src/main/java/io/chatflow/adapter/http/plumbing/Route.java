package io.chatflow.adapter.http.plumbing;

import io.undertow.server.HttpHandler;
import io.undertow.util.AttachmentKey;

/**
 * One line of the routing table. An endpoint route runs on a worker thread with the
 * JSON and error handling of the API; a raw route (static files) is a plain handler.
 * A live route (an SSE stream, a WebSocket) holds its connection open, so unlike the
 * other GET routes it does not answer HEAD. An OAuth route (token, revoke) refuses in the
 * RFC 6749 §5.2 form, its HTTP-level refusals included.
 */
public record Route(String method, String template, boolean authenticated, Endpoint endpoint, HttpHandler raw, boolean holdsOpen,
    boolean oauth) {
  public static final String V1 = "/api/v1";

  /** The template of the route an exchange matched, for the meters. */
  public static final AttachmentKey<String> TEMPLATE = AttachmentKey.create(String.class);

  public static Route open(String method, String template, Endpoint endpoint) {
    return new Route(method, template, false, endpoint, null, false, false);
  }

  public static Route bearer(String method, String template, Endpoint endpoint) {
    return new Route(method, template, true, endpoint, null, false, false);
  }

  public static Route raw(String method, String template, HttpHandler handler) {
    return new Route(method, template, false, null, handler, false, false);
  }

  public static Route oauth(String method, String template, Endpoint endpoint) {
    return new Route(method, template, false, endpoint, null, false, true);
  }

  public Route live() {
    return new Route(method, template, authenticated, endpoint, raw, true, oauth);
  }

  /** HTTP requires HEAD wherever GET is; the server drops the body. */
  boolean answersHead() {
    return method.equals("GET") && !holdsOpen;
  }
}
