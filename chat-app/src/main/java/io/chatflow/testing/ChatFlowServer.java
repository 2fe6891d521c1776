package io.chatflow.testing;

import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.KeyRing;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.app.seed.DemoData;
import io.chatflow.app.wiring.Application;
import io.chatflow.app.wiring.HttpModule;
import io.chatflow.domain.UnauthenticatedException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.Conversations;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.Messaging;
import io.chatflow.ports.in.Search;
import io.chatflow.ports.in.Sessions;
import io.chatflow.ports.in.UseCases;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SessionsEnded;
import io.chatflow.service.CoreSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

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

  private final ChatFlowServerBuilder settings;
  private final Signal signal = new Signal();
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final MemoryStores stores = new MemoryStores();
  private final MemoryPresence presence = new MemoryPresence();
  private final Application app;
  private final UseCases useCases;
  private final HttpServer http;
  private final Inspection inspection;
  private volatile boolean closed;
  private volatile DemoData.Seeded seeded;

  ChatFlowServer(ChatFlowServerBuilder settings) {
    this.settings = settings;
    Warmup.start();
    this.app = Application.start(stores, settings.core, settings.hasher(), settings.clock,
        new HarnessModule(signal, presence),
        new HttpModule(httpSettings(settings), LiveSettings.defaults(), () -> KeyRing.of(TokenKeys.generate())));
    try {
      this.useCases = app.useCases();
      this.inspection = new Inspection(stores, useCases.events(), signal);
      this.http = app.get(HttpServer.class);
      seedIfAsked();
      http.start();
    } catch (RuntimeException e) {
      app.close();
      throw portTaken(e) ? new IllegalStateException("port " + settings.port
          + " is already in use: choose another, or 0 for any free port", e) : e;
    }
  }

  private static HttpSettings httpSettings(ChatFlowServerBuilder settings) {
    return new HttpSettings(
        "127.0.0.1", settings.port, 64 * 1024, Duration.ofMinutes(15), "chatflow", "chatflow",
        settings.loginFailures, settings.loginFailures, Duration.ofMinutes(5), Duration.ofSeconds(2),
        HttpSettings.defaults().workerThreads(), List.of());
  }

  private static boolean portTaken(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  /** An empty server: no users yet. */
  public static ChatFlowServer start() {
    return builder().start();
  }

  /** A server with the demo data: alice, bob and charlie (password {@value #PASSWORD}) and their conversations. */
  public static ChatFlowServer startSeeded() {
    return builder().seeded().start();
  }

  public static ChatFlowServerBuilder builder() {
    return new ChatFlowServerBuilder();
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
    return useCases.accounts();
  }

  public Sessions sessions() {
    return useCases.sessions();
  }

  public Conversations conversations() {
    return useCases.conversations();
  }

  public Messaging messaging() {
    return useCases.messaging();
  }

  public Events events() {
    return useCases.events();
  }

  /** Full-text search, as GET /api/v1/search/messages answers it. */
  public Search search() {
    return useCases.search();
  }

  /** Every message of a conversation so far, in seq order (tombstones included), seen from no one's side. */
  public List<Message> messages(ConversationId conversation) {
    return inspection.messages(Objects.requireNonNull(conversation, "conversation"));
  }

  public List<Message> messages(String conversationId) {
    return messages(new ConversationId(conversationId));
  }

  /** The replies in the thread of the message at {@code rootSeq}, in seq order (tombstones included). */
  public List<Message> replies(ConversationId conversation, long rootSeq) {
    return messages(conversation).stream().filter(m -> m.replyTo() != null && m.replyTo() == rootSeq).toList();
  }

  /** The reactions on one message, in order of first use, each with who reacted (empty for none). */
  public List<Reaction> reactions(ConversationId conversation, long seq) {
    return inspection.reactions(Objects.requireNonNull(conversation, "conversation"), seq);
  }

  /** Every stored event a user has been sent so far, oldest first (typing and presence are never stored). */
  public List<DeliveredEvent> eventsOf(UserId user) {
    return inspection.eventsOf(user);
  }

  public List<DeliveredEvent> eventsOf(String username) {
    return eventsOf(userId(username));
  }

  /** Waits until the conversation holds at least {@code count} messages; fails after {@code timeout}. */
  public List<Message> awaitMessages(ConversationId conversation, int count, Duration timeout) {
    Inspection.requireCount(count);
    return await(() -> messages(conversation), m -> m.size() >= count, timeout,
        m -> "expected at least " + count + " messages in conversation " + conversation + " within " + timeout
            + ", found " + m.size());
  }

  public List<Message> awaitMessages(String conversationId, int count, Duration timeout) {
    return awaitMessages(new ConversationId(conversationId), count, timeout);
  }

  /** Waits until the user has been sent at least {@code count} stored events; fails after {@code timeout}. */
  public List<DeliveredEvent> awaitEvents(String username, int count, Duration timeout) {
    Inspection.requireCount(count);
    UserId user = userId(username);
    return await(() -> eventsOf(user), e -> e.size() >= count, timeout,
        e -> "expected at least " + count + " events for " + username + " within " + timeout + ", found " + e.size());
  }

  /**
   * Waits until {@code probe}'s value satisfies {@code done}, re-checking whenever ChatFlow
   * publishes an event; fails with an AssertionError after {@code timeout}.
   */
  public <T> T await(Supplier<T> probe, Predicate<T> done, Duration timeout, Function<T, String> failure) {
    return inspection.await(probe, done, timeout, failure);
  }

  /**
   * Forgets everything: the data goes (seeded again if this server was), and every session
   * ends, so open streams close; the port and the signing key stay.
   */
  public void reset() {
    if (closed) {
      throw new IllegalStateException("this ChatFlowServer is closed");
    }
    passwords.clear();
    seeded = null;
    presence.clear();
    SessionFanout ends = app.get(SessionFanout.class);
    stores.clear().forEach(user -> ends.publish(SessionsEnded.allBut(user, null)));
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

  private void seedIfAsked() {
    if (settings.seeded) {
      seeded = new DemoData(useCases).seed(PASSWORD);
      DemoData.USERNAMES.forEach(name -> passwords.put(name, PASSWORD));
    }
  }
}
