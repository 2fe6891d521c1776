package io.chatflow.app.wiring;

import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.adapter.postgres.PostgresSettings;
import io.chatflow.adapter.postgres.PostgresStores;
import io.chatflow.adapter.sqlite.SqliteSettings;
import io.chatflow.adapter.sqlite.SqliteStores;
import io.chatflow.app.config.Config;
import io.chatflow.app.config.ServerDatabase;
import io.chatflow.app.config.Store;
import io.chatflow.ports.out.StorePorts;
import java.nio.file.Path;

/** The configured store adapter: adding a store is one line in each switch. */
public final class StoreChoice {
  private StoreChoice() {}

  /** Opens the configured store (its schema is created or migrated when behind). */
  public static StorePorts open(Config config) {
    return open(config.store(), config.db(), config.database());
  }

  /**
   * Opens a store: {@code db} is the SQLite file, {@code database} the PostgreSQL server;
   * each store reads only its own.
   */
  public static StorePorts open(Store store, Path db, ServerDatabase database) {
    return switch (store) {
      case SQLITE -> SqliteStores.open(SqliteSettings.of(db));
      case POSTGRES -> PostgresStores.open(postgres(database));
      case MEMORY -> new MemoryStores();
    };
  }

  /** Creates or migrates the database, without opening the stores; says what it did, for the user. */
  public static String migrate(Config config) {
    return switch (config.store()) {
      case SQLITE -> "Database " + config.db().toAbsolutePath() + " is ready (schema version "
          + SqliteStores.migrate(SqliteSettings.of(config.db())) + ").";
      case POSTGRES -> "Database " + config.database().url() + " is ready (schema version "
          + PostgresStores.migrate(postgres(config.database())) + ").";
      case MEMORY -> "The memory store has no schema: nothing to set up.";
    };
  }

  /** Where the store is, for a log line: never a password. */
  public static String describe(Config config) {
    return switch (config.store()) {
      case SQLITE -> "SQLite at " + config.db();
      case POSTGRES -> "PostgreSQL at " + config.database().url();
      case MEMORY -> "memory (gone on exit)";
    };
  }

  private static PostgresSettings postgres(ServerDatabase database) {
    return PostgresSettings.of(database.url(), database.user(), database.password())
        .withPoolSize(database.poolSize()).withStatementTimeout(database.statementTimeout());
  }
}
