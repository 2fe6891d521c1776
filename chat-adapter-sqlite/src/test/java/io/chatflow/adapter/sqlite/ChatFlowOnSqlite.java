package io.chatflow.adapter.sqlite;

import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.ports.in.UseCases;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryCounters;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.kit.RandomIds;
import io.chatflow.kit.TestHasher;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.service.OutPorts;
import java.time.Clock;

/** The real use cases on SQLite stores, as the app wires them (with the cheap test hasher). */
final class ChatFlowOnSqlite implements AutoCloseable {
  final SqliteStores stores;
  final Core assembled;
  final UseCases core;

  ChatFlowOnSqlite(SqliteSettings settings) {
    this(SqliteStores.open(settings));
  }

  /** A second ChatFlow writing to a file another one owns, as an outside writer would. */
  static ChatFlowOnSqlite besideTheOwner(SqliteSettings settings) {
    return new ChatFlowOnSqlite(SqliteStores.openBesideTheOwner(settings));
  }

  private ChatFlowOnSqlite(SqliteStores opened) {
    stores = opened;
    assembled = new Core(new OutPorts(stores.users(), stores.sessions(), stores.conversations(), stores.messages(),
        stores.events(), stores.search(), stores.transactions(), new MemoryPresence(), new MemoryCounters(), new InProcessFanout(), new InProcessSessionFanout(),
        new TestHasher(),
        new RandomIds(), Clock.systemUTC()), CoreSettings.defaults());
    core = assembled.useCases();
  }

  @Override
  public void close() {
    assembled.close();
    stores.close();
  }
}
