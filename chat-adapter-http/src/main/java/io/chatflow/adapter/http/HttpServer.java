package io.chatflow.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.adapter.http.auth.AccessTokens;
import io.chatflow.adapter.http.auth.AuthEndpoints;
import io.chatflow.adapter.http.auth.Authenticator;
import io.chatflow.adapter.http.auth.ClientAddresses;
import io.chatflow.adapter.http.auth.LoginLimiter;
import io.chatflow.adapter.http.conversations.ConversationEndpoints;
import io.chatflow.adapter.http.live.EventEndpoints;
import io.chatflow.adapter.http.live.EventWire;
import io.chatflow.adapter.http.live.LiveHub;
import io.chatflow.adapter.http.live.SocketEndpoint;
import io.chatflow.adapter.http.live.StreamEndpoint;
import io.chatflow.adapter.http.messages.MessageEndpoints;
import io.chatflow.adapter.http.ops.Metrics;
import io.chatflow.adapter.http.ops.OpsEndpoints;
import io.chatflow.adapter.http.plumbing.Json;
import io.chatflow.adapter.http.plumbing.Problems;
import io.chatflow.adapter.http.plumbing.ReplyWriter;
import io.chatflow.adapter.http.plumbing.Route;
import io.chatflow.adapter.http.plumbing.Router;
import io.chatflow.adapter.http.users.UserEndpoints;
import io.chatflow.ports.in.Login;
import io.chatflow.ports.in.UseCases;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.ExceptionHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone HTTP server of API.md on Undertow. Handlers run on worker threads
 * ({@code BlockingHandler} outside the {@code ExceptionHandler} outside the routes, so
 * every failure on a worker thread is mapped in one place).
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private final HttpSettings settings;
  private final AccessTokens tokens;
  private final List<Route> routes;
  private final EventEndpoints events;
  private final LiveHub live;
  private final Metrics metrics;
  private final GracefulShutdownHandler root;
  private Undertow undertow;
  private int port = -1;

  public HttpServer(UseCases useCases, HttpSettings settings, TokenKeys keys, BooleanSupplier ready, Clock clock) {
    this(useCases, settings, LiveSettings.defaults(), keys, ready, clock);
  }

  public HttpServer(UseCases useCases, HttpSettings settings, LiveSettings liveSettings, TokenKeys keys,
      BooleanSupplier ready, Clock clock) {
    Objects.requireNonNull(liveSettings, "liveSettings");
    Objects.requireNonNull(useCases, "useCases");
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(ready, "ready");
    Objects.requireNonNull(clock, "clock");
    ObjectMapper json = Json.mapper();
    Problems problems = new Problems(json);
    ReplyWriter writer = new ReplyWriter(json, problems);
    this.metrics = new Metrics(this::openConnections);
    this.tokens = new AccessTokens(keys.signingKey(), keys.keyId(), settings, clock);
    Authenticator authenticator = new Authenticator(tokens, useCases.sessions(), useCases.presence());
    this.events = new EventEndpoints(useCases.events(), useCases.presence(), useCases.sessions(), writer, metrics);
    this.live = new LiveHub(useCases.events(), useCases.presence(), useCases.messaging(), useCases.sessions(),
        new EventWire(json), liveSettings, metrics);
    this.routes = RouteTable.routes(
        new AuthEndpoints(useCases.accounts(), useCases.sessions(), tokens, keys.publicJwks(),
            new LoginLimiter(settings, clock), ClientAddresses.trusting(settings.trustedProxies())),
        new UserEndpoints(useCases.accounts(), useCases.sessions()),
        new ConversationEndpoints(useCases.conversations()),
        new MessageEndpoints(useCases.messaging()),
        events,
        new StreamEndpoint(live),
        new SocketEndpoint(live, authenticator, json),
        new OpsEndpoints(ready, metrics));
    HttpHandler routing = new Router(json, settings.bodyLimitBytes(), authenticator, writer).handler(routes);
    HttpHandler errors = new ExceptionHandler(routing).addExceptionHandler(Throwable.class, problems::handle);
    this.root = new GracefulShutdownHandler(metrics.around(new BlockingHandler(errors)));
  }

  /** Binds and starts serving; returns this for chaining. */
  public synchronized HttpServer start() {
    if (undertow != null) {
      throw new IllegalStateException("already started");
    }
    root.start();
    undertow = Undertow.builder()
        .addHttpListener(settings.port(), settings.host())
        .setServerOption(UndertowOptions.ENABLE_STATISTICS, true)
        .setWorkerThreads(settings.workerThreads())
        // Above our own limit, so that Undertow drains an oversized body and the client reads our 413.
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, Math.max(16L * 1024 * 1024, settings.bodyLimitBytes() * 4L))
        // Idle keep-alive connections and slow request heads do not hold sockets forever.
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
        .setHandler(root)
        .build();
    undertow.start();
    port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    LOG.info("http server listening on {}", uri());
    return this;
  }

  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("not started");
    }
    return port;
  }

  public URI uri() {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    if (host.equals("0.0.0.0") || host.equals("[::]")) {
      host = "localhost";
    }
    return URI.create("http://" + host + ":" + port());
  }

  /** An access token for the session of {@code login}, as the token endpoint would issue it. */
  public String issueAccessToken(Login login) {
    return tokens.issue(login).token();
  }

  /** Method and path template of every route, for the OpenAPI agreement test. */
  List<String> routeKeys() {
    return routes.stream().map(r -> r.method() + " " + r.template()).toList();
  }

  private int openConnections() {
    Undertow u;
    synchronized (this) {
      u = undertow;
    }
    if (u == null) {
      return 0;
    }
    var stats = u.getListenerInfo().get(0).getConnectorStatistics();
    return stats == null ? 0 : (int) stats.getActiveConnections();
  }

  /**
   * Stops taking requests, answers waiting long polls at once, closes
   * event streams and sockets, lets the requests in
   * flight finish (up to the grace period), then stops.
   */
  @Override
  public synchronized void close() {
    if (undertow == null) {
      metrics.close();
      return;
    }
    root.shutdown();
    events.answerAllWaiting();
    live.closeAll();
    try {
      if (!root.awaitShutdown(settings.shutdownGrace().toMillis())) {
        LOG.warn("http server stopping with requests still in flight after {}", settings.shutdownGrace());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
    undertow = null;
    metrics.close();
    LOG.info("http server stopped");
  }
}
