package io.chatflow.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.chatflow.app.platform.UuidV7Ids;
import io.chatflow.ports.in.UseCases;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.CounterStore;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.IdGenerator;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.ports.out.PresenceStore;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SearchStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.service.OutPorts;
import java.time.Clock;

/** The core on whatever out-ports the other modules bind, and the small ones that live in the app: clock, ids, password hashing. */
final class CoreModule extends AbstractModule {
  private final CoreSettings settings;
  private final PasswordHasher hasher;
  private final Clock clock;

  CoreModule(CoreSettings settings, PasswordHasher hasher, Clock clock) {
    this.settings = settings;
    this.hasher = hasher;
    this.clock = clock;
  }

  @Override
  protected void configure() {
    bind(CoreSettings.class).toInstance(settings);
    bind(PasswordHasher.class).toInstance(hasher);
    bind(Clock.class).toInstance(clock);
  }

  @Provides
  @Singleton
  IdGenerator ids(Clock clock) {
    return new UuidV7Ids(clock);
  }

  @Provides
  @Singleton
  Core core(
      UserStore users, SessionStore sessions, ConversationStore conversations, MessageStore messages,
      EventStore events, SearchStore search, Transactions transactions, PresenceStore presence, CounterStore counters, EventFanout fanout, SessionFanout ends,
      PasswordHasher hasher, IdGenerator ids, Clock clock, CoreSettings settings) {
    return new Core(new OutPorts(
        users, sessions, conversations, messages, events, search, transactions, presence, counters, fanout, ends, hasher, ids,
        clock),
        settings);
  }

  @Provides
  UseCases useCases(Core core) {
    return core.useCases();
  }
}
