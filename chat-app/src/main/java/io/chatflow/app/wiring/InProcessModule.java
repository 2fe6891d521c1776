package io.chatflow.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.PresenceStore;
import io.chatflow.ports.out.SessionFanout;

/**
 * The memory adapter's live parts, the event fan-out and presence, used beside every
 * store while ChatFlow runs as one process.
 */
final class InProcessModule extends AbstractModule {
  @Provides
  @Singleton
  EventFanout fanout() {
    return new InProcessFanout();
  }

  @Provides
  @Singleton
  SessionFanout sessionEnds() {
    return new InProcessSessionFanout();
  }

  @Provides
  @Singleton
  PresenceStore presence() {
    return new MemoryPresence();
  }
}
