package io.chatflow.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.adapter.http.auth.AccessTokens;
import io.chatflow.adapter.http.auth.AuthEndpoints;
import io.chatflow.adapter.http.auth.Authenticator;
import io.chatflow.adapter.http.auth.ClientAddresses;
import io.chatflow.adapter.http.auth.LoginLimiter;
import io.chatflow.adapter.http.auth.MetricsGuard;
import io.chatflow.adapter.http.auth.PasswordWork;
import io.chatflow.adapter.http.conversations.ConversationEndpoints;
import io.chatflow.adapter.http.live.EventEndpoints;
import io.chatflow.adapter.http.live.EventWire;
import io.chatflow.adapter.http.live.LiveHub;
import io.chatflow.adapter.http.live.SocketEndpoint;
import io.chatflow.adapter.http.live.StreamEndpoint;
import io.chatflow.adapter.http.limits.Action;
import io.chatflow.adapter.http.limits.Throttles;
import io.chatflow.adapter.http.messages.MessageEndpoints;
import io.chatflow.adapter.http.ops.Metrics;
import io.chatflow.adapter.http.ops.OpsEndpoints;
import io.chatflow.adapter.http.search.SearchEndpoints;
import io.chatflow.adapter.http.plumbing.BodyReader;
import io.chatflow.adapter.http.plumbing.ConnectionGate;
import io.chatflow.adapter.http.plumbing.Json;
import io.chatflow.adapter.http.plumbing.Problems;
import io.chatflow.adapter.http.plumbing.ReplyWriter;
import io.chatflow.adapter.http.plumbing.Route;
import io.chatflow.adapter.http.plumbing.Router;
import io.chatflow.adapter.http.plumbing.SecurityHeaders;
import io.chatflow.adapter.http.users.UserEndpoints;
import io.chatflow.ports.in.Login;
import io.chatflow.ports.in.UseCases;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.ExceptionHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

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
  private final HttpHandler outermost;
  private final ConnectionGate gate;
  private XnioWorker worker;
  private final PasswordWork passwords;
  private AcceptingChannel<StreamConnection> listener;
  private DefaultByteBufferPool buffers;
  private int port = -1;
  private MetricsListener metricsListener;

  public HttpServer(UseCases useCases, HttpSettings settings, TokenKeys keys, BooleanSupplier ready, Clock clock) {
    this(useCases, settings, LiveSettings.defaults(), keys, ready, clock);
  }

  public HttpServer(UseCases useCases, HttpSettings settings, LiveSettings liveSettings, TokenKeys keys,
      BooleanSupplier ready, Clock clock) {
    this(useCases, settings, liveSettings, KeyRing.of(Objects.requireNonNull(keys, "keys")), ready, clock);
  }

  public HttpServer(UseCases useCases, HttpSettings settings, LiveSettings liveSettings, KeyRing keys,
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
    this.tokens = new AccessTokens(keys, settings, clock);
    this.passwords = PasswordWork.perCore();
    Authenticator authenticator = new Authenticator(tokens, useCases.sessions(), useCases.presence());
    this.events = new EventEndpoints(useCases.events(), useCases.presence(), useCases.sessions(), writer, metrics, clock);
    ClientAddresses addresses = ClientAddresses.trusting(settings.trustedProxies());
    Throttles throttles = new Throttles(settings.writeLimits(), addresses, useCases.counters());
    this.live = new LiveHub(useCases.events(), useCases.presence(), useCases.messaging(), useCases.sessions(),
        new EventWire(json), liveSettings, metrics, throttles.of(Action.TYPING), addresses, clock);
    this.routes = RouteTable.routes(
        new AuthEndpoints(useCases.accounts(), useCases.sessions(), tokens, keys::publicJwks,
            new LoginLimiter(settings, useCases.counters(), clock), addresses, passwords),
        new UserEndpoints(useCases.accounts(), useCases.sessions()),
        new ConversationEndpoints(useCases.conversations()),
        new MessageEndpoints(useCases.messaging()),
        new SearchEndpoints(useCases.search()),
        events,
        new StreamEndpoint(live),
        new SocketEndpoint(live, authenticator, json),
        new OpsEndpoints(ready, metrics),
        throttles,
        new MetricsGuard(settings.metricsAccess(), addresses));
    HttpHandler routing = new Router(json, settings.bodyLimitBytes(), authenticator, writer).handler(routes);
    HttpHandler errors = new ExceptionHandler(routing).addExceptionHandler(Throwable.class, problems::handle);
    ConnectionLimits limits = settings.connections();
    this.gate = new ConnectionGate(limits.perAddress(), limits.overall(),
        ClientAddresses.trusting(settings.trustedProxies())::isProxy);
    metrics.countRefused(gate::refused);
    this.root = new GracefulShutdownHandler(metrics.around(
        new BodyReader(new BlockingHandler(errors), settings.bodyLimitBytes(), limits.bodyTimeout(), problems)));
    this.outermost = new SecurityHeaders(root);
  }

  /**
   * Binds and starts serving; returns this for chaining. Undertow's own builder is not used
   * because accepted connections must pass the {@link ConnectionGate} before Undertow parses them.
   */
  public synchronized HttpServer start() {
    if (listener != null) {
      throw new IllegalStateException("already started");
    }
    root.start();
    ConnectionLimits limits = settings.connections();
    OptionMap undertowOptions = OptionMap.builder()
        // Above our own limit, so that an oversized body is read to its end and the client reads our 413.
        .set(UndertowOptions.MAX_ENTITY_SIZE, Math.max(16L * 1024 * 1024, settings.bodyLimitBytes() * 4L))
        .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.keepAliveTimeout().toMillis())
        .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) limits.headerTimeout().toMillis())
        .getMap();
    try {
      int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
      worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
          .set(Options.WORKER_IO_THREADS, ioThreads)
          .set(Options.WORKER_TASK_CORE_THREADS, settings.workerThreads())
          .set(Options.WORKER_TASK_MAX_THREADS, settings.workerThreads())
          .set(Options.TCP_NODELAY, true)
          .set(Options.CORK, true)
          .getMap());
      buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
      HttpOpenListener open = new HttpOpenListener(buffers, undertowOptions);
      open.setRootHandler(outermost);
      listener = worker.createStreamConnectionServer(new InetSocketAddress(settings.host(), settings.port()),
          gate.acceptor(open), OptionMap.builder()
              .set(Options.WORKER_IO_THREADS, ioThreads)
              .set(Options.TCP_NODELAY, true)
              .set(Options.REUSE_ADDRESSES, true)
              .set(Options.BALANCING_TOKENS, 1)
              .set(Options.BALANCING_CONNECTIONS, 2)
              .set(Options.BACKLOG, 1000)
              .getMap());
      listener.resumeAccepts();
    } catch (IOException e) {
      stopListening();
      throw new RuntimeException(e);
    }
    port = listener.getLocalAddress(InetSocketAddress.class).getPort();
    LOG.info("http server listening on {}", uri());
    MetricsAccess access = settings.metricsAccess();
    if (access.onItsOwnListener()) {
      metricsListener = MetricsListener.start(access.host(), access.port(), metrics);
      LOG.info("metrics served on http://{}:{}/metrics", access.host(), metricsListener.port());
    }
    return this;
  }

  /** The port of the separate /metrics listener; IllegalStateException when there is none. */
  public synchronized int metricsPort() {
    if (metricsListener == null) {
      throw new IllegalStateException("no separate metrics listener");
    }
    return metricsListener.port();
  }

  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("not started");
    }
    return port;
  }

  /** Where this server's meters live (served at /metrics), for meters of other parts of the process. */
  public MeterRegistry meterRegistry() {
    return metrics.registry();
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
    return gate.open();
  }

  private void stopListening() {
    if (metricsListener != null) {
      metricsListener.close();
      metricsListener = null;
    }
    IoUtils.safeClose(listener);
    listener = null;
    if (worker != null) {
      worker.shutdownNow();
      try {
        worker.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker = null;
    }
    if (buffers != null) {
      buffers.close();
      buffers = null;
    }
  }

  /**
   * Stops taking requests, answers waiting long polls at once, closes
   * event streams and sockets, lets the requests in
   * flight finish (up to the grace period), then stops.
   */
  @Override
  public synchronized void close() {
    if (listener == null) {
      passwords.close();
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
    stopListening();
    passwords.close();
    metrics.close();
    LOG.info("http server stopped");
  }
}
