package io.chatflow.adapter.sqlite;

import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryCounters;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.kit.Stores;
import java.nio.file.Path;

/** What the contract kit runs against: fresh SQLite stores beside the in-process fan-out and presence. */
final class KitStores {
  private KitStores() {}

  static Stores fresh() {
    Path directory = TestDatabases.newDirectory();
    SqliteStores sqlite = SqliteStores.open(TestDatabases.settings(directory));
    return new Stores(sqlite.users(), sqlite.sessions(), sqlite.conversations(), sqlite.messages(), sqlite.events(), sqlite.search(),
        sqlite.transactions(), new InProcessFanout(), new MemoryPresence(), new MemoryCounters(), new InProcessSessionFanout(), () -> {
          sqlite.close();
          TestDatabases.delete(directory);
        });
  }
}
