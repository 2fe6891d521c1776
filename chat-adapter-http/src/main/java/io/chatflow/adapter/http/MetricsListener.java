package io.chatflow.adapter.http;

import io.chatflow.adapter.http.ops.Metrics;
import io.chatflow.adapter.http.plumbing.SecurityHeaders;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;

/** /metrics on an address of its own (loopback by default), apart from the API: one I/O thread, nothing else served. */
final class MetricsListener implements AutoCloseable {
  private final Undertow server;

  private MetricsListener(Undertow server) {
    this.server = server;
  }

  static MetricsListener start(String host, int port, Metrics metrics) {
    Undertow server = Undertow.builder()
        .setIoThreads(1)
        .setWorkerThreads(1)
        .addHttpListener(port, host)
        .setHandler(new SecurityHeaders(exchange -> {
          if (!exchange.getRequestMethod().toString().equals("GET") || !exchange.getRelativePath().equals("/metrics")) {
            exchange.setStatusCode(StatusCodes.NOT_FOUND);
            exchange.endExchange();
            return;
          }
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
          exchange.getResponseSender().send(metrics.exposition());
        }))
        .build();
    server.start();
    return new MetricsListener(server);
  }

  int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @Override
  public void close() {
    server.stop();
  }
}
