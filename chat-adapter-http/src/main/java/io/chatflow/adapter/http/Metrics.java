package io.chatflow.adapter.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** Request counts and latencies by route, kept in memory and written as Prometheus text. */
final class Metrics {
  static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);
  private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  // Any token is a method on the wire; a bounded label set keeps the series bounded.
  private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final Map<Count, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<Series, Latency> latencies = new ConcurrentHashMap<>();
  private final LongAdder eventsDelivered = new LongAdder();
  private final AtomicLong waitingClients = new AtomicLong();
  private final Map<String, AtomicLong> liveClients = new ConcurrentHashMap<>();
  private final LongAdder slowDropped = new LongAdder();

  private record Count(String method, String route, int status) {}

  private record Series(String method, String route) {}

  private static final class Latency {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final LongAdder count = new LongAdder();
    final LongAdder sumNanos = new LongAdder();

    Latency() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void record(long nanos) {
      double seconds = nanos / 1e9;
      for (int i = 0; i < BUCKETS.length; i++) {
        if (seconds <= BUCKETS[i]) {
          buckets[i].increment();
          break;
        }
      }
      count.increment();
      sumNanos.add(nanos);
    }
  }

  /** Wraps the whole server: every exchange is counted when it completes. */
  HttpHandler around(HttpHandler next) {
    return exchange -> {
      long start = System.nanoTime();
      exchange.addExchangeCompleteListener((ex, nextListener) -> {
        try {
          record(ex, System.nanoTime() - start);
        } finally {
          nextListener.proceed();
        }
      });
      next.handleRequest(exchange);
    };
  }

  private void record(HttpServerExchange exchange, long nanos) {
    String route = exchange.getAttachment(ROUTE);
    String method = KNOWN_METHODS.contains(exchange.getRequestMethod().toString())
        ? exchange.getRequestMethod().toString() : "OTHER";
    String name = route == null ? "unmatched" : route;
    counts.computeIfAbsent(new Count(method, name, exchange.getStatusCode()), k -> new LongAdder()).increment();
    latencies.computeIfAbsent(new Series(method, name), k -> new Latency()).record(nanos);
  }

  void delivered(int events) {
    eventsDelivered.add(events);
  }

  void clientWaiting() {
    waitingClients.incrementAndGet();
  }

  void clientDone() {
    waitingClients.decrementAndGet();
  }

  void clientConnected(String transport) {
    liveClients.computeIfAbsent(transport, t -> new AtomicLong()).incrementAndGet();
  }

  void clientDisconnected(String transport) {
    liveClients.computeIfAbsent(transport, t -> new AtomicLong()).decrementAndGet();
  }

  void slowDropped() {
    slowDropped.increment();
  }

  String exposition(IntSupplier openConnections) {
    StringBuilder out = new StringBuilder(4096);
    out.append("# HELP chatflow_http_requests_total HTTP requests by route and status.\n")
        .append("# TYPE chatflow_http_requests_total counter\n");
    new TreeMap<String, Long>(collectCounts()).forEach((labels, n) ->
        out.append("chatflow_http_requests_total{").append(labels).append("} ").append(n).append('\n'));
    out.append("# HELP chatflow_http_request_duration_seconds Time from request to completed response.\n")
        .append("# TYPE chatflow_http_request_duration_seconds histogram\n");
    latencies.forEach((s, l) -> {
      String labels = "method=\"" + s.method + "\",route=\"" + escape(s.route) + "\"";
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += l.buckets[i].sum();
        out.append("chatflow_http_request_duration_seconds_bucket{").append(labels).append(",le=\"")
            .append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
      }
      long count = l.count.sum();
      out.append("chatflow_http_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
          .append(count).append('\n')
          .append("chatflow_http_request_duration_seconds_sum{").append(labels).append("} ")
          .append(l.sumNanos.sum() / 1e9).append('\n')
          .append("chatflow_http_request_duration_seconds_count{").append(labels).append("} ")
          .append(count).append('\n');
    });
    out.append("# HELP chatflow_http_open_connections Open HTTP connections.\n")
        .append("# TYPE chatflow_http_open_connections gauge\n")
        .append("chatflow_http_open_connections ").append(openConnections.getAsInt()).append('\n')
        .append("# HELP chatflow_connected_clients Clients connected for events: waiting long polls, SSE streams, WebSockets.\n")
        .append("# TYPE chatflow_connected_clients gauge\n")
        .append("chatflow_connected_clients ").append(connectedClients()).append('\n')
        .append("# HELP chatflow_connected_clients_by_transport Connected clients by transport.\n")
        .append("# TYPE chatflow_connected_clients_by_transport gauge\n")
        .append("chatflow_connected_clients_by_transport{transport=\"longpoll\"} ").append(waitingClients.get()).append('\n');
    new TreeMap<>(liveClients).forEach((t, n) -> out.append("chatflow_connected_clients_by_transport{transport=\"")
        .append(escape(t)).append("\"} ").append(n.get()).append('\n'));
    out.append("# HELP chatflow_slow_clients_dropped_total Live clients cut off for falling behind.\n")
        .append("# TYPE chatflow_slow_clients_dropped_total counter\n")
        .append("chatflow_slow_clients_dropped_total ").append(slowDropped.sum()).append('\n')
        .append("# HELP chatflow_events_delivered_total Events handed to clients.\n")
        .append("# TYPE chatflow_events_delivered_total counter\n")
        .append("chatflow_events_delivered_total ").append(eventsDelivered.sum()).append('\n');
    return out.toString();
  }

  long connectedClients() {
    long n = waitingClients.get();
    for (AtomicLong c : liveClients.values()) {
      n += c.get();
    }
    return n;
  }

  private Map<String, Long> collectCounts() {
    Map<String, Long> byLabels = new TreeMap<>();
    counts.forEach((c, n) -> byLabels.put(
        "method=\"" + c.method + "\",route=\"" + escape(c.route) + "\",status=\"" + c.status + "\"", n.sum()));
    return byLabels;
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
