package io.chatflow.app.wiring;

import com.google.inject.Module;
import io.chatflow.adapter.sqlite.SqliteSettings;
import io.chatflow.adapter.sqlite.SqliteStores;
import io.chatflow.app.config.Store;
import java.nio.file.Path;

/** Picks the storage adapter's module for the configured store. */
public final class StorageModules {
  private StorageModules() {}

  public static Module forStore(Store store, Path db) {
    return switch (store) {
      case SQLITE -> sqlite(db);
      case MEMORY -> new MemoryModule();
    };
  }

  public static Module sqlite(Path db) {
    return new SqliteModule(SqliteSettings.of(db));
  }

  /** Creates or migrates the SQLite database; says what it did, for the user. */
  public static String migrate(Path db) {
    String version = SqliteStores.migrate(SqliteSettings.of(db));
    return "Database " + db.toAbsolutePath() + " is ready (schema version " + version + ").";
  }
}
