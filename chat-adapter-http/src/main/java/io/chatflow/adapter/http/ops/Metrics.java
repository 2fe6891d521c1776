package io.chatflow.adapter.http.ops;

import io.chatflow.adapter.http.plumbing.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** The server's meters (requests by route, latencies, live clients, the JVM's own) in a Prometheus registry. */
public final class Metrics implements AutoCloseable {
  private static final Duration[] BUCKETS = Arrays.stream(
      new double[] {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10})
      .mapToObj(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);

  // Any token is a method on the wire; a bounded label set keeps the series bounded.
  private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter eventsDelivered;
  private final Counter slowDropped;
  private final AtomicLong waitingClients = new AtomicLong();
  private final Map<String, AtomicLong> liveClients = new ConcurrentHashMap<>();

  private volatile IntSupplier refused;

  public Metrics(IntSupplier openConnections) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    // strongly held: Micrometer keeps only a weak reference to a gauge's object, and these
    // lambdas have no other holder, so a GC turned them into NaN and a frozen counter
    Gauge.builder("chatflow.http.open.connections", openConnections, IntSupplier::getAsInt)
        .strongReference(true).description("Open HTTP connections.").register(registry);
    Gauge.builder("chatflow.connected.clients", this, Metrics::connectedClients)
        .description("Clients connected for events: waiting long polls, SSE streams, WebSockets.").register(registry);
    transportGauge("longpoll", waitingClients);
    eventsDelivered = Counter.builder("chatflow.events.delivered").description("Events handed to clients.")
        .register(registry);
    slowDropped = Counter.builder("chatflow.slow.clients.dropped")
        .description("Live clients cut off for falling behind.").register(registry);
  }

  /** Wraps the whole server: every exchange is counted when it completes. */
  /** Counts connections the server refused at accept (over a connection limit). */
  public void countRefused(IntSupplier refused) {
    this.refused = refused; // held here: the counter's own reference to it is weak
    FunctionCounter.builder("chatflow.http.connections.refused", refused, IntSupplier::getAsInt)
        .description("Connections closed at accept for being over a connection limit.").register(registry);
  }

  /** The registry, for meters of other parts of the process (connection pools). */
  public MeterRegistry registry() {
    return registry;
  }

  public HttpHandler around(HttpHandler next) {
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
    String route = exchange.getAttachment(Route.TEMPLATE);
    String method = KNOWN_METHODS.contains(exchange.getRequestMethod().toString())
        ? exchange.getRequestMethod().toString() : "OTHER";
    String name = route == null ? "unmatched" : route;
    Counter.builder("chatflow.http.requests").description("HTTP requests by route and status.")
        .tags("method", method, "route", name, "status", Integer.toString(exchange.getStatusCode()))
        .register(registry).increment();
    Timer.builder("chatflow.http.request.duration").description("Time from request to completed response.")
        .tags("method", method, "route", name)
        .serviceLevelObjectives(BUCKETS)
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void delivered(int events) {
    eventsDelivered.increment(events);
  }

  public void clientWaiting() {
    waitingClients.incrementAndGet();
  }

  public void clientDone() {
    waitingClients.decrementAndGet();
  }

  public void clientConnected(String transport) {
    live(transport).incrementAndGet();
  }

  public void clientDisconnected(String transport) {
    live(transport).decrementAndGet();
  }

  public void slowDropped() {
    slowDropped.increment();
  }

  /** Every meter in the Prometheus text format (0.0.4). */
  public String exposition() {
    return registry.scrape();
  }

  long connectedClients() {
    long n = waitingClients.get();
    for (AtomicLong c : liveClients.values()) {
      n += c.get();
    }
    return n;
  }

  private AtomicLong live(String transport) {
    return liveClients.computeIfAbsent(transport, t -> transportGauge(t, new AtomicLong()));
  }

  private AtomicLong transportGauge(String transport, AtomicLong count) {
    Gauge.builder("chatflow.connected.clients.by.transport", count, AtomicLong::get)
        .description("Connected clients by transport.").tag("transport", transport).register(registry);
    return count;
  }

  /** Lets go of the JVM's GC notifications, which would otherwise outlive the server. */
  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
