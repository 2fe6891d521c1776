package io.chatflow.adapter.memory;

import io.chatflow.kit.EventsContract;
import io.chatflow.kit.Stores;

/**
 * The events kit with the fan-out a cluster node uses: every committed event reaches a feed as a
 * wake-up. Not {@code LiveHandOffContract}: nothing is handed over whole.
 */
class MemoryEventsOverBusTest extends EventsContract {
  @Override
  protected Stores newStores() {
    MemoryStores m = new MemoryStores();
    InProcessBus bus = InProcessBus.hub();
    BusFanout fanout = new BusFanout(bus).start();
    return new Stores(m.users(), m.sessions(), m.conversations(), m.messages(), m.events(), m.search(), m.transactions(),
        fanout, new MemoryPresence(), new MemoryCounters(), fanout, bus::close);
  }
}
