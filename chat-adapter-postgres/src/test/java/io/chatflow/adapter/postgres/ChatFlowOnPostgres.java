package io.chatflow.adapter.postgres;

import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryCounters;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.kit.RandomIds;
import io.chatflow.kit.TestHasher;
import io.chatflow.ports.in.UseCases;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.service.OutPorts;
import java.time.Clock;

/** One ChatFlow node on a PostgreSQL schema, as the app wires it (with the cheap test hasher): several act as several processes. */
final class ChatFlowOnPostgres implements AutoCloseable {
  final PostgresStores stores;
  final Core assembled;
  final UseCases core;

  ChatFlowOnPostgres(PostgresSettings settings) {
    stores = PostgresStores.open(settings);
    assembled = new Core(new OutPorts(stores.users(), stores.sessions(), stores.conversations(), stores.messages(),
        stores.events(), stores.search(), stores.transactions(), new MemoryPresence(), new MemoryCounters(), new InProcessFanout(),
        new InProcessSessionFanout(), new TestHasher(), new RandomIds(), Clock.systemUTC()), CoreSettings.defaults());
    core = assembled.useCases();
  }

  @Override
  public void close() {
    assembled.close();
    stores.close();
  }
}
