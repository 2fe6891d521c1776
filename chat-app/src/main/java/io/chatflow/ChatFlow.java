package io.chatflow;

import io.chatflow.app.config.ServerDatabase;
import io.chatflow.app.config.Store;
import io.chatflow.app.platform.Argon2idHasher;
import io.chatflow.app.wiring.Application;
import io.chatflow.app.wiring.StoreChoice;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.Conversations;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.Messaging;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.Search;
import io.chatflow.ports.in.Sessions;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.service.CoreSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * ChatFlow as a library: the use cases on a store in this process, no HTTP.
 *
 * <pre>{@code
 * try (ChatFlow chat = ChatFlow.inMemory().build()) {
 *   User alice = chat.accounts().register("alice", "password", null);
 * }
 * }</pre>
 */
public final class ChatFlow implements AutoCloseable {
  private final Application app;

  private ChatFlow(Application app) {
    this.app = app;
  }

  /** Everything in memory: fast, and gone on close. */
  public static Builder inMemory() {
    return new Builder(Store.MEMORY, null, null);
  }

  /** On an SQLite file, created and migrated when missing. */
  public static Builder sqlite(Path file) {
    return new Builder(Store.SQLITE, Objects.requireNonNull(file, "file"), null);
  }

  /**
   * On a PostgreSQL database ({@code jdbc:postgresql://host:port/db}), migrated when behind;
   * 16 pooled connections and a 10 s statement timeout, as the server's defaults.
   */
  public static Builder postgres(String url, String user, String password) {
    return new Builder(Store.POSTGRES, null,
        new ServerDatabase(url, user, password == null ? "" : password, 16, Duration.ofSeconds(10)));
  }

  public Accounts accounts() {
    return app.useCases().accounts();
  }

  public Sessions sessions() {
    return app.useCases().sessions();
  }

  public Conversations conversations() {
    return app.useCases().conversations();
  }

  public Messaging messaging() {
    return app.useCases().messaging();
  }

  public Presence presence() {
    return app.useCases().presence();
  }

  public Events events() {
    return app.useCases().events();
  }

  /** Full-text search over the messages a user may read now. */
  public Search search() {
    return app.useCases().search();
  }

  /**
   * Delivers {@code user}'s events from now on, in order, on a ChatFlow thread, until the
   * subscription is closed. The listener must not block for long.
   */
  public Events.Subscription subscribe(UserId user, Consumer<DeliveredEvent> listener) {
    Events events = events();
    return events.subscribe(user, events.head(user), listener);
  }

  /** Delivers {@code user}'s events after {@code after} (replaying stored ones first), then live ones. */
  public Events.Subscription subscribe(UserId user, EventCursor after, Consumer<DeliveredEvent> listener) {
    return events().subscribe(user, after, listener);
  }

  /** Stops background work and closes the store. */
  @Override
  public void close() {
    app.close();
  }

  /** Settings for a ChatFlow about to start. */
  public static final class Builder {
    private final Store store;
    private final Path file;
    private final ServerDatabase database;
    private CoreSettings settings = CoreSettings.defaults();
    private Clock clock = Clock.systemUTC();
    private PasswordHasher hasher;

    private Builder(Store store, Path file, ServerDatabase database) {
      this.store = store;
      this.file = file;
      this.database = database;
    }

    public Builder settings(CoreSettings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Hashes passwords with cheap Argon2id parameters, so tests register and log in fast.
     * Never for real passwords: the default is OWASP strength.
     */
    public Builder cheapPasswordHashingForTests() {
      this.hasher = Argon2idHasher.cheapForTests();
      return this;
    }

    public ChatFlow build() {
      PasswordHasher chosen = hasher != null ? hasher : Argon2idHasher.owasp();
      return new ChatFlow(Application.start(StoreChoice.open(store, file, database), settings, chosen, clock));
    }
  }
}
