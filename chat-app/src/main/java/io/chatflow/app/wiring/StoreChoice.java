package io.chatflow.app.wiring;

import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.adapter.sqlite.SqliteSettings;
import io.chatflow.adapter.sqlite.SqliteStores;
import io.chatflow.app.config.Store;
import io.chatflow.ports.out.StorePorts;
import java.nio.file.Path;

/** The configured store adapter: adding a store is one line in each switch. */
public final class StoreChoice {
  private StoreChoice() {}

  /** Opens the store (an SQLite file is created and migrated when missing). */
  public static StorePorts open(Store store, Path db) {
    return switch (store) {
      case SQLITE -> SqliteStores.open(SqliteSettings.of(db));
      case MEMORY -> new MemoryStores();
    };
  }

  /** Creates or migrates the database, without opening the stores; says what it did, for the user. */
  public static String migrate(Store store, Path db) {
    return switch (store) {
      case SQLITE -> "Database " + db.toAbsolutePath() + " is ready (schema version "
          + SqliteStores.migrate(SqliteSettings.of(db)) + ").";
      case MEMORY -> "The memory store has no schema: nothing to set up.";
    };
  }
}
