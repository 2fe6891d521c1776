package io.chatflow.testing;

import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.http.UseCases;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.app.platform.Argon2idHasher;
import io.chatflow.app.platform.UuidV7Ids;
import io.chatflow.app.seed.DemoData;
import io.chatflow.app.wiring.Application;
import io.chatflow.app.wiring.StorageControl;
import io.chatflow.domain.UnauthenticatedException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.Conversations;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.Messaging;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.Sessions;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.service.OutPorts;
import io.undertow.Undertow;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.xnio.Xnio;

/**
 * A whole ChatFlow HTTP server in memory on a free port, for other projects' tests.
 * Passwords are hashed with cheap settings, so it starts, registers and logs in fast.
 *
 * <pre>{@code
 * try (ChatFlowServer chat = ChatFlowServer.startSeeded()) {
 *   URI api = chat.apiUri();                    // http://127.0.0.1:<port>/api/v1/
 *   String token = chat.tokenFor("alice");      // Authorization: Bearer <token>
 *   ConversationId project = chat.conversation("Project Chat");
 *   // ... the code under test posts over HTTP ...
 *   chat.awaitMessages(project, 5, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * Not for production: it is in memory, and its password hashing is deliberately weak.
 */
public final class ChatFlowServer implements AutoCloseable {
  /** The password of seeded users and of users made with {@link #createUser(String)}. */
  public static final String PASSWORD = "password";
  private static final int PAGE = 200;

  private final Builder settings;
  private final Signal signal = new Signal();
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final HttpServer http;
  private volatile Application app;
  private volatile MemoryStores stores;
  private volatile boolean closed;
  private volatile DemoData.Seeded seeded;

  private ChatFlowServer(Builder settings) {
    this.settings = settings;
    // Cold JVMs spend most of a first start loading classes: load the HTTP side and the
    // password hashing on other threads while this one assembles the core and seeds it.
    daemon("chatflow-harness-warmup", Argon2idHasher::warmUp);
    daemon("chatflow-harness-io-warmup", ChatFlowServer::loadIoClasses);
    CompletableFuture<HttpServer> server = new CompletableFuture<>();
    daemon("chatflow-harness-http", () -> {
      try {
        server.complete(startHttp(settings));
      } catch (Throwable e) {
        server.completeExceptionally(e);
      }
    });
    try {
      this.app = newApplication();
      seedIfAsked();
      this.http = server.join();
    } catch (RuntimeException e) {
      server.thenAccept(HttpServer::close);
      if (app != null) {
        app.close();
      }
      RuntimeException failure = e instanceof CompletionException && e.getCause() instanceof RuntimeException r ? r : e;
      throw portTaken(failure) ? new IllegalStateException("port " + settings.port
          + " is already in use: choose another, or 0 for any free port", failure) : failure;
    }
  }

  private static boolean portTaken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  private HttpServer startHttp(Builder settings) {
    Supplier<Core> core = () -> app.core();
    UseCases useCases = new UseCases(
        Swappable.proxy(Accounts.class, core, Core::accounts),
        Swappable.proxy(Sessions.class, core, Core::sessions),
        Swappable.proxy(Conversations.class, core, Core::conversations),
        Swappable.proxy(Messaging.class, core, Core::messaging),
        Swappable.proxy(Presence.class, core, Core::presence),
        Swappable.proxy(Events.class, core, Core::events));
    HttpSettings http = new HttpSettings(
        "127.0.0.1", settings.port, 64 * 1024, Duration.ofMinutes(15), "chatflow", "chatflow",
        settings.loginFailures, settings.loginFailures, Duration.ofMinutes(5), Duration.ofSeconds(2),
        HttpSettings.defaults().workerThreads(), List.of());
    BooleanSupplier ready = () -> {
      Application current = app;
      return current != null && current.storage().ready();
    };
    return new HttpServer(useCases, http, TokenKeys.generate(), ready, settings.clock).start();
  }

  /** Loads Undertow's and XNIO's classes while the HTTP thread is busy with Jackson's. */
  private static void loadIoClasses() {
    Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {}).build();
    Xnio.getInstance();
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** An empty server: no users yet. */
  public static ChatFlowServer start() {
    return builder().start();
  }

  /** A server with the demo data: alice, bob and charlie (password {@value #PASSWORD}) and their conversations. */
  public static ChatFlowServer startSeeded() {
    return builder().seeded().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + http.port() + "/");
  }

  /** {@code http://127.0.0.1:<port>/api/v1/}. */
  public URI apiUri() {
    return baseUri().resolve("/api/v1/");
  }

  public int port() {
    return http.port();
  }

  /** A fresh access token for a user the harness knows the password of (seeded, or made by {@link #createUser}). */
  public String tokenFor(String username) {
    Objects.requireNonNull(username, "username");
    return tokenFor(username, passwords.getOrDefault(username.toLowerCase(Locale.ROOT), PASSWORD));
  }

  public String tokenFor(String username, String password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    try {
      return http.issueAccessToken(sessions().login(username, password));
    } catch (UnauthenticatedException e) {
      throw new IllegalArgumentException("cannot log in as " + username + ": unknown user or wrong password", e);
    }
  }

  /** Registers a user with the password {@value #PASSWORD}. */
  public UserId createUser(String username) {
    User user = accounts().register(username, PASSWORD, null);
    passwords.put(user.username().value(), PASSWORD);
    return user.id();
  }

  /** The id of a user; usernames are matched as the API matches them, lower-cased. */
  public UserId userId(String username) {
    String wanted = Objects.requireNonNull(username, "username").toLowerCase(Locale.ROOT);
    return accounts().search(wanted, null, PAGE).items().stream()
        .filter(u -> u.username().value().equals(wanted))
        .map(User::id)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no user " + username));
  }

  /**
   * A seeded conversation by name: {@code "alice-bob"}, {@code "bob-charlie"} (direct),
   * {@code "Project Chat"}, {@code "Weekend Plans"} (groups).
   */
  public ConversationId conversation(String name) {
    DemoData.Seeded data = seeded;
    if (data == null || !data.conversations().containsKey(name)) {
      throw new IllegalArgumentException("no seeded conversation " + name
          + (data == null ? " (the server was not seeded)" : "; seeded: " + data.conversations().keySet()));
    }
    return data.conversations().get(name);
  }

  public Accounts accounts() {
    return app.core().accounts();
  }

  public Sessions sessions() {
    return app.core().sessions();
  }

  public Conversations conversations() {
    return app.core().conversations();
  }

  public Messaging messaging() {
    return app.core().messaging();
  }

  public Events events() {
    return app.core().events();
  }

  /** Every message of a conversation so far, in seq order (tombstones included), seen from no one's side. */
  public List<Message> messages(ConversationId conversation) {
    Objects.requireNonNull(conversation, "conversation");
    MemoryStores current = stores;
    MessageStore store = current.messages();
    Transactions transactions = current.transactions();
    if (transactions.read(() -> current.conversations().findById(conversation)).isEmpty()) {
      // an empty list would let awaitMessages time out on a wrong id with "found 0"
      throw new IllegalArgumentException("no conversation " + conversation);
    }
    List<Message> all = new ArrayList<>();
    List<Message> page;
    do {
      long after = all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
      page = transactions.read(() -> store.after(conversation, after, PAGE));
      all.addAll(page);
    } while (page.size() == PAGE);
    return List.copyOf(all);
  }

  public List<Message> messages(String conversationId) {
    return messages(new ConversationId(conversationId));
  }

  /** Every stored event a user has been sent so far, oldest first (typing and presence are never stored). */
  public List<DeliveredEvent> eventsOf(UserId user) {
    Events events = events();
    List<DeliveredEvent> all = new ArrayList<>();
    EventCursor cursor = EventCursor.START;
    while (true) {
      EventBatch batch = events.read(user, cursor, PAGE);
      all.addAll(batch.events());
      if (batch.events().isEmpty() || batch.cursor().equals(cursor)) {
        return List.copyOf(all);
      }
      cursor = batch.cursor();
    }
  }

  public List<DeliveredEvent> eventsOf(String username) {
    return eventsOf(userId(username));
  }

  /** Waits until the conversation holds at least {@code count} messages; fails after {@code timeout}. */
  public List<Message> awaitMessages(ConversationId conversation, int count, Duration timeout) {
    requireCount(count);
    return await(() -> messages(conversation), m -> m.size() >= count, timeout,
        m -> "expected at least " + count + " messages in conversation " + conversation + " within " + timeout
            + ", found " + m.size());
  }

  public List<Message> awaitMessages(String conversationId, int count, Duration timeout) {
    return awaitMessages(new ConversationId(conversationId), count, timeout);
  }

  /** Waits until the user has been sent at least {@code count} stored events; fails after {@code timeout}. */
  public List<DeliveredEvent> awaitEvents(String username, int count, Duration timeout) {
    requireCount(count);
    UserId user = userId(username);
    return await(() -> eventsOf(user), e -> e.size() >= count, timeout,
        e -> "expected at least " + count + " events for " + username + " within " + timeout + ", found " + e.size());
  }

  /**
   * Waits until {@code probe}'s value satisfies {@code done}, re-checking whenever ChatFlow
   * publishes an event; fails with an AssertionError after {@code timeout}.
   */
  public <T> T await(Supplier<T> probe, Predicate<T> done, Duration timeout, Function<T, String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen = signal.version();
      T value = probe.get();
      if (done.test(value)) {
        return value;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(failure.apply(value));
      }
      try {
        signal.awaitChange(seen, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", e);
      }
    }
  }

  private static void requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }

  /** Forgets everything: fresh stores (seeded again if this server was), same port and signing key. */
  public void reset() {
    if (closed) {
      throw new IllegalStateException("this ChatFlowServer is closed");
    }
    Application old = app;
    passwords.clear();
    seeded = null;
    app = newApplication();
    old.close();
    seedIfAsked();
  }

  @Override
  public void close() {
    closed = true;
    try {
      http.close();
    } finally {
      app.close();
    }
  }

  /** Fresh stores and core, wired by hand (Guice would double a cold start); sets {@link #stores}. */
  private Application newApplication() {
    MemoryStores fresh = new MemoryStores();
    EventFanout fanout = new SignallingFanout(new InProcessFanout(), signal);
    Clock clock = settings.clock;
    OutPorts ports = new OutPorts(
        fresh.users(), fresh.sessions(), fresh.conversations(), fresh.messages(), fresh.events(),
        fresh.transactions(), new MemoryPresence(), fanout, new InProcessSessionFanout(), settings.hasher(), new UuidV7Ids(clock), clock);
    Application made = Application.of(new Core(ports, settings.core), StorageControl.of(fresh), settings.core);
    stores = fresh;
    return made;
  }

  private void seedIfAsked() {
    if (settings.seeded) {
      Core core = app.core();
      seeded = new DemoData(core.accounts(), core.conversations(), core.messaging()).seed(PASSWORD);
      DemoData.USERNAMES.forEach(name -> passwords.put(name, PASSWORD));
    }
  }

  /** How the harness server starts. */
  public static final class Builder {
    private boolean seeded;
    private int port;
    private int loginFailures = 1_000;
    private Clock clock = Clock.systemUTC();
    private CoreSettings core = CoreSettings.defaults();
    private Argon2idHasher hasher;

    private Builder() {}

    /** With alice, bob and charlie (password {@value ChatFlowServer#PASSWORD}) and their conversations. */
    public Builder seeded() {
      this.seeded = true;
      return this;
    }

    /** A fixed port instead of a free one. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Builder settings(CoreSettings value) {
      this.core = Objects.requireNonNull(value, "settings");
      return this;
    }

    /** Failed logins allowed per username and per address before 429 (default 1000, so tests rarely hit it). */
    public Builder loginFailures(int value) {
      this.loginFailures = value;
      return this;
    }

    Argon2idHasher hasher() {
      if (hasher == null) {
        hasher = Argon2idHasher.cheapForTests();
      }
      return hasher;
    }

    public ChatFlowServer start() {
      return new ChatFlowServer(this);
    }
  }
}
