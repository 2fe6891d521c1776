package io.chatflow.adapter.http.plumbing;

import io.undertow.server.HttpHandler;
import io.undertow.util.AttachmentKey;

/**
 * One line of the routing table. An endpoint route runs on a worker thread with the
 * JSON and error handling of the API; a raw route (static files) is a plain handler.
 * A live route (an SSE stream, a WebSocket) holds its connection open, so unlike the
 * other GET routes it does not answer HEAD. An OAuth route (token, revoke) refuses in the
 * RFC 6749 §5.2 form, its HTTP-level refusals included. A limited route passes its
 * {@link Throttle} after authentication and before its endpoint runs.
 */
public record Route(String method, String template, boolean authenticated, Endpoint endpoint, HttpHandler raw, boolean holdsOpen,
    boolean oauth, Throttle throttle) {
  public static final String V1 = "/api/v1";

  /** The template of the route an exchange matched, for the meters. */
  public static final AttachmentKey<String> TEMPLATE = AttachmentKey.create(String.class);

  public static Route open(String method, String template, Endpoint endpoint) {
    return new Route(method, template, false, endpoint, null, false, false, null);
  }

  public static Route bearer(String method, String template, Endpoint endpoint) {
    return new Route(method, template, true, endpoint, null, false, false, null);
  }

  public static Route raw(String method, String template, HttpHandler handler) {
    return new Route(method, template, false, null, handler, false, false, null);
  }

  public static Route oauth(String method, String template, Endpoint endpoint) {
    return new Route(method, template, false, endpoint, null, false, true, null);
  }

  public Route live() {
    return new Route(method, template, authenticated, endpoint, raw, true, oauth, throttle);
  }

  /** This route, admitted only within {@code limit} (429 with Retry-After beyond it). */
  public Route limited(Throttle limit) {
    return new Route(method, template, authenticated, endpoint, raw, holdsOpen, oauth, limit);
  }

  /** HTTP requires HEAD wherever GET is; the server drops the body. */
  boolean answersHead() {
    return method.equals("GET") && !holdsOpen;
  }
}
