package io.chatflow.adapter.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The schema, only through the Flyway migrations in {@code db/chatflow}. Before migrating
 * it makes sure the file is ChatFlow's and not newer than this build. All pending
 * migrations run in one transaction, so a failure leaves the schema as it was.
 */
final class Schema {
  private static final Logger log = LoggerFactory.getLogger(Schema.class);
  private static final String HISTORY = "flyway_schema_history";

  private Schema() {}

  /** Applies the pending migrations; returns the schema version now in the file. */
  static String migrate(SqliteSettings settings) {
    return migrate(settings, "classpath:db/chatflow");
  }

  static String migrate(SqliteSettings settings, String location) {
    Path file = settings.file();
    prepareDirectory(file);
    requireChatFlowFile(file);
    var dataSource = DataSources.dataSource(settings, false);
    Flyway flyway = Flyway.configure(Schema.class.getClassLoader())
        .dataSource(dataSource)
        .locations(location)
        .table(HISTORY)
        .group(true)
        .failOnMissingLocations(true)
        .load();
    try {
      requireNotNewer(file, flyway);
      MigrateResult result = flyway.migrate();
      String version = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
      if (result.migrationsExecuted > 0) {
        log.info("event=sqlite_migrated file={} applied={} version={}", file, result.migrationsExecuted, version);
      }
      return version;
    } catch (FlywayException e) {
      throw new SqliteStoreException(
          "cannot migrate " + file + " (is it a ChatFlow database of this version?): " + e.getMessage(), e);
    }
  }

  private static void prepareDirectory(Path file) {
    if (Files.isDirectory(file)) {
      throw new SqliteStoreException("cannot open database file " + file + ": it is a directory");
    }
    Path parent = file.toAbsolutePath().getParent();
    try {
      if (parent != null && !Files.isDirectory(parent)) {
        OwnerOnly.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new SqliteStoreException("cannot open database file " + file + ": cannot create " + parent, e);
    }
    try {
      // SQLite gives its -wal and -shm files the database file's mode, so they are owner-only too
      OwnerOnly.createFile(file);
    } catch (FileAlreadyExistsException existing) {
      // an existing database keeps the mode it has
    } catch (IOException e) {
      throw new SqliteStoreException("cannot create database file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Looks at an existing file through a plain read-only connection: ours would switch it to
   * WAL on connecting, and a file that is not ChatFlow's must be left exactly as it was.
   */
  private static void requireChatFlowFile(Path file) {
    if (!Files.isRegularFile(file) || size(file) == 0) {
      return; // created here
    }
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    Set<String> tables = new HashSet<>();
    String url = "jdbc:sqlite:" + file.toAbsolutePath();
    try (Connection connection = DriverManager.getConnection(url, readOnly.toProperties());
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    } catch (SQLException e) {
      if (e instanceof SQLiteException s && s.getResultCode().code == SQLiteErrorCode.SQLITE_NOTADB.code) {
        throw new SqliteStoreException(file + " is not a ChatFlow database (not an SQLite file)", e);
      }
      throw new SqliteStoreException("cannot open database file " + file + ": " + e.getMessage(), e);
    }
    if (!tables.isEmpty() && !tables.contains(HISTORY)) {
      throw new SqliteStoreException(file + " is not a ChatFlow database (it holds other tables)");
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new SqliteStoreException("cannot open database file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void requireNotNewer(Path file, Flyway flyway) {
    for (MigrationInfo applied : flyway.info().applied()) {
      if (applied.getState() == MigrationState.FUTURE_SUCCESS || applied.getState() == MigrationState.FUTURE_FAILED) {
        throw new SqliteStoreException(file + " has schema version " + applied.getVersion()
            + ", newer than this build of ChatFlow knows; use a newer ChatFlow");
      }
    }
  }
}
