package io.chatflow.app.wiring;

import com.google.inject.Module;
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

  /** Creates or migrates the SQLite database; returns what it did, for the user. */
  public static String migrate(Path db) {
    throw new UnsupportedOperationException("the SQLite store is not available yet: " + db);
  }

  public static Module sqlite(Path db) {
    // TODO(sqlite adapter not on main yet): new SqliteModule(db)
    throw new UnsupportedOperationException("the SQLite store is not available yet: " + db);
  }
}
