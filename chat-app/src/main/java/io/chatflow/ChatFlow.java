package io.chatflow;

import com.google.inject.Module;
import io.chatflow.app.platform.Argon2idHasher;
import io.chatflow.app.wiring.Application;
import io.chatflow.app.wiring.MemoryModule;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.Conversations;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.Messaging;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.Sessions;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.service.CoreSettings;
import java.nio.file.Path;
import java.time.Clock;
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
    return new Builder(new MemoryModule());
  }

  /** On an SQLite file, created and migrated when missing. */
  public static Builder sqlite(Path file) {
    return new Builder(io.chatflow.app.wiring.StorageModules.sqlite(file));
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

  public Presence presence() {
    return app.core().presence();
  }

  public Events events() {
    return app.core().events();
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
    private final Module storage;
    private CoreSettings settings = CoreSettings.defaults();
    private Clock clock = Clock.systemUTC();
    private PasswordHasher hasher;

    private Builder(Module storage) {
      this.storage = storage;
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
      return new ChatFlow(Application.start(storage, settings, chosen, clock));
    }
  }
}
