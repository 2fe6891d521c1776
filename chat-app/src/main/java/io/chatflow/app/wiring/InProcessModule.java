package io.chatflow.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.chatflow.adapter.memory.BusFanout;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryCounters;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.ports.out.CounterStore;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.PresenceStore;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.StorePorts;

/**
 * The memory adapter's live parts, the event fan-out and presence. A store that several
 * processes share brings its bus and its presence: the fan-out then carries events to the other
 * nodes (as wake-ups, see {@link BusFanout}); otherwise both stay in-process.
 */
final class InProcessModule extends AbstractModule {
  @Provides
  @Singleton
  EventFanout fanout(StorePorts store) {
    return store.bus().<EventFanout>map(bus -> new BusFanout(bus).start()).orElseGet(InProcessFanout::new);
  }

  @Provides
  @Singleton
  SessionFanout sessionEnds(EventFanout fanout) {
    return fanout instanceof BusFanout cluster ? cluster : new InProcessSessionFanout();
  }

  @Provides
  @Singleton
  PresenceStore presence(StorePorts store) {
    return store.presence().orElseGet(MemoryPresence::new);
  }

  @Provides
  @Singleton
  CounterStore counters(StorePorts store) {
    return store.counters().orElseGet(MemoryCounters::new);
  }
}
