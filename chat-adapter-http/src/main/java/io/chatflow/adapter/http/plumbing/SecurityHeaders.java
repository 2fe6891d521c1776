package io.chatflow.adapter.http.plumbing;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Headers every answer carries, added when it is committed so no path (problems, 408s,
 * shutdown refusals) misses them: {@code nosniff}; no framing; and, unless the handler set its
 * own, {@code Cache-Control: no-store} (API answers are per user) and a CSP that lets an API
 * answer opened in a browser run nothing. HTML pages set their own stricter-fitting CSP.
 */
public final class SecurityHeaders implements HttpHandler {
  public static final HttpString CSP = new HttpString("Content-Security-Policy");
  private static final HttpString NOSNIFF = new HttpString("X-Content-Type-Options");
  private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");
  private static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

  private final HttpHandler next;

  public SecurityHeaders(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.addResponseCommitListener(SecurityHeaders::add);
    next.handleRequest(exchange);
  }

  private static void add(HttpServerExchange exchange) {
    HeaderMap h = exchange.getResponseHeaders();
    h.put(NOSNIFF, "nosniff");
    h.put(FRAME_OPTIONS, "DENY");
    if (!h.contains(Headers.CACHE_CONTROL)) {
      h.put(Headers.CACHE_CONTROL, "no-store");
    }
    if (!h.contains(CSP)) {
      h.put(CSP, API_CSP);
    }
  }
}
