package io.chatflow.testing;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.PresenceStore;

/** The harness's own fan-out (it wakes the awaits) and presence (a reset forgets it). */
final class HarnessModule extends AbstractModule {
  private final Signal signal;
  private final MemoryPresence presence;

  HarnessModule(Signal signal, MemoryPresence presence) {
    this.signal = signal;
    this.presence = presence;
  }

  @Provides
  @Singleton
  EventFanout fanout() {
    return new SignallingFanout(new InProcessFanout(), signal);
  }

  @Provides
  PresenceStore presence() {
    return presence;
  }
}
