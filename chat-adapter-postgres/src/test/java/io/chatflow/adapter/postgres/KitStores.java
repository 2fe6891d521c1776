package io.chatflow.adapter.postgres;

import io.chatflow.adapter.memory.BusFanout;
import io.chatflow.adapter.memory.InProcessBus;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.kit.Stores;

/** What the contract kit runs against: PostgreSQL stores in a fresh schema beside the in-process fan-out and presence. */
final class KitStores {
  private KitStores() {}

  static Stores fresh() {
    PostgresSettings settings = TestDatabase.freshSchema();
    PostgresStores pg = PostgresStores.open(settings);
    return new Stores(pg.users(), pg.sessions(), pg.conversations(), pg.messages(), pg.events(), pg.search(), pg.transactions(),
        new InProcessFanout(), new MemoryPresence(), pg.counters().orElseThrow(), new InProcessSessionFanout(), () -> {
          pg.close();
          TestDatabase.drop(settings.schema());
        });
  }

  /** As {@link #fresh}, with a cluster node's fan-out: every committed event reaches a feed as a wake-up. */
  static Stores freshOnABus() {
    PostgresSettings settings = TestDatabase.freshSchema();
    PostgresStores pg = PostgresStores.open(settings);
    InProcessBus bus = InProcessBus.hub();
    BusFanout fanout = new BusFanout(bus).start();
    return new Stores(pg.users(), pg.sessions(), pg.conversations(), pg.messages(), pg.events(), pg.search(), pg.transactions(),
        fanout, new MemoryPresence(), pg.counters().orElseThrow(), fanout, () -> {
          bus.close();
          pg.close();
          TestDatabase.drop(settings.schema());
        });
  }
}
