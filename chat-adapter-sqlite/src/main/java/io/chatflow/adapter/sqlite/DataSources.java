package io.chatflow.adapter.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * How every connection to the file is configured: through {@link SQLiteConfig}, so each pooled
 * connection gets the same PRAGMAs (several in {@code connectionInitSql} would run only the first),
 * the function the V9 migration calls ({@link SearchWords}), and on readers the search index's file.
 */
final class DataSources {
  private DataSources() {}

  static SQLiteDataSource dataSource(SqliteSettings settings, boolean readOnly) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: an acknowledged write survives power loss, not just a process crash
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout((int) settings.busyTimeout().toMillis());
    config.setJournalSizeLimit((int) settings.journalSizeLimit());
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    // else every update prepares and runs "SELECT last_insert_rowid()"; positions come from RETURNING
    config.setGetGeneratedKeys(false);
    config.setReadOnly(readOnly);
    SQLiteDataSource dataSource = new SQLiteDataSource(config) {
      @Override
      public SQLiteConnection getConnection(String username, String password) throws SQLException {
        SQLiteConnection connection = super.getConnection(username, password);
        SearchWords.register(connection); // for V9 on a file that is upgraded
        if (readOnly) {
          attachSearchIndex(connection, settings);
        }
        return connection;
      }
    };
    dataSource.setUrl("jdbc:sqlite:" + settings.file().toAbsolutePath());
    return dataSource;
  }

  /** Lets a reader's queries name {@code search.message_words} ({@link SearchIndex}), read-only as the reader is. */
  private static void attachSearchIndex(SQLiteConnection connection, SqliteSettings settings) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("ATTACH DATABASE '" + SearchIndex.file(settings).toString().replace("'", "''") + "' AS "
          + SearchIndex.SCHEMA);
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  static HikariDataSource pool(SqliteSettings settings, String name, int size, boolean readOnly) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(dataSource(settings, readOnly));
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(readOnly ? 1 : size);
    // transactions are begun explicitly (BEGIN IMMEDIATE for writes): see STACK.md trap 4
    config.setAutoCommit(true);
    config.setReadOnly(readOnly);
    config.setMaxLifetime(0);
    config.setIdleTimeout(0);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new SqliteStoreException("cannot open database file " + settings.file() + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
