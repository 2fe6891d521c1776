package io.chatflow.adapter.memory;

import io.chatflow.kit.Stores;

/** A fresh memory store set for each contract test. */
final class MemoryKit {
  private MemoryKit() {}

  static Stores stores() {
    MemoryStores m = new MemoryStores();
    return new Stores(m.users(), m.sessions(), m.conversations(), m.messages(), m.events(), m.search(), m.transactions(),
        new InProcessFanout(), new MemoryPresence(), new MemoryCounters(), new InProcessSessionFanout(), () -> {});
  }
}
