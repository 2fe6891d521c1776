package io.chatflow.adapter.http;

import io.undertow.server.HttpHandler;

/**
 * One line of the routing table. An endpoint route runs on a worker thread with the
 * JSON and error handling of the API; a raw route (static files) is a plain handler.
 */
record Route(String method, String template, boolean authenticated, Endpoint endpoint, HttpHandler raw) {
  static Route open(String method, String template, Endpoint endpoint) {
    return new Route(method, template, false, endpoint, null);
  }

  static Route bearer(String method, String template, Endpoint endpoint) {
    return new Route(method, template, true, endpoint, null);
  }

  static Route raw(String method, String template, HttpHandler handler) {
    return new Route(method, template, false, null, handler);
  }
}
