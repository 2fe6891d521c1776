package io.chatflow.adapter.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The search index's own file beside the database ("chatflow.db-search"), and the one connection
 * that writes it ({@link SearchIndexer}'s). It holds an FTS5 table of each live message's words
 * under its conversation ({@link SearchWords}), keyed by the message's position, and the position
 * up to which the database's changes are in it, written in the same transaction as the words: so
 * a crash at any moment leaves the index exactly as of some position, and the indexer goes on from
 * there. Everything here is derived from the database, so the file is made again whenever it is
 * missing, of another format, of another database file, or ahead of the database.
 */
final class SearchIndex implements AutoCloseable {
  /** Bumped whenever what the index holds changes (the words, the table): an older file is rebuilt. */
  static final int FORMAT = 2; // 2: SearchText composes Hangul and kana again
  static final String SCHEMA = "search";

  private static final String STATE = "SELECT format, file_id, position FROM indexed WHERE id = 1";
  private static final String INSERT = "INSERT INTO message_words (rowid, words) VALUES (?, ?)";
  private static final String DELETE = "DELETE FROM message_words WHERE rowid = ?";
  private static final String MOVE = "UPDATE indexed SET position = ? WHERE id = 1";
  // contentless: no copy of the text; contentless_delete lets an edit take a message's words out by rowid
  private static final String TABLE = "words, content = '', contentless_delete = 1, tokenize = \"ascii tokenchars '_'\"";

  /** A message as the index needs it: its position, conversation number, body, whether deleted. */
  record Change(long position, long conversation, String body, boolean deleted) {}

  private final Connection connection;
  // written by the indexer's thread only, read by searches on theirs
  private volatile long position;

  private SearchIndex(Connection connection, long position) {
    this.connection = connection;
    this.position = position;
  }

  static Path file(SqliteSettings settings) {
    return Path.of(settings.file().toAbsolutePath() + "-search");
  }

  /**
   * Opens the index file, creating it when missing: before the read connections, which attach it.
   * Whose index it is, is settled by {@link #check} once the database can be read.
   */
  static SearchIndex open(SqliteSettings settings) {
    Path file = file(settings);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // NORMAL: a power loss may take the last transactions, and with them the position they moved
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) settings.busyTimeout().toMillis());
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    Connection connection = null;
    try {
      try {
        OwnerOnly.createFile(file); // it holds the messages' words; SQLite gives -wal and -shm its mode
      } catch (FileAlreadyExistsException existing) {
        // keeps the mode it has
      }
      connection = config.createConnection("jdbc:sqlite:" + file);
      try (Statement s = connection.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS indexed (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), "
            + "format INTEGER NOT NULL, file_id TEXT NOT NULL, position INTEGER NOT NULL)");
      }
      connection.setAutoCommit(false);
      return new SearchIndex(connection, 0);
    } catch (SQLException | IOException e) {
      closeQuietly(connection);
      throw new SqliteStoreException("cannot open the search index " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Keeps what the index holds when it is of this format, of the database whose id is
   * {@code fileId}, not ahead of its {@code head} and not behind its {@code horizon} (the edit
   * events it would need are pruned); else empties it.
   */
  void check(String fileId, long head, long horizon) throws SQLException {
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery(STATE)) {
        if (rs.next() && rs.getInt(1) == FORMAT && rs.getString(2).equals(fileId) && rs.getLong(3) <= head
            && rs.getLong(3) >= horizon) {
          position = rs.getLong(3);
          connection.rollback();
          return;
        }
      }
      s.execute("DROP TABLE IF EXISTS message_words");
      s.execute("DELETE FROM indexed");
      s.execute("CREATE VIRTUAL TABLE message_words USING fts5 (" + TABLE + ")");
      // 16 segments a level at once, 64 at most: words under their conversations make short doclists
      s.execute("INSERT INTO message_words (message_words, rank) VALUES ('automerge', 16)");
      s.execute("INSERT INTO message_words (message_words, rank) VALUES ('crisismerge', 64)");
      try (PreparedStatement start = connection.prepareStatement(
          "INSERT INTO indexed (id, format, file_id, position) VALUES (1, ?, ?, 0)")) {
        start.setInt(1, FORMAT);
        start.setString(2, fileId);
        start.executeUpdate();
      }
      connection.commit();
      position = 0;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  /** The position up to which the database's changes are in the index. */
  long position() {
    return position;
  }

  /** Puts {@code changes} into the index and moves its position to {@code to}, in one transaction. */
  void apply(List<Change> changes, long to) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT);
        PreparedStatement delete = connection.prepareStatement(DELETE);
        PreparedStatement move = connection.prepareStatement(MOVE)) {
      for (Change change : changes) {
        if (change.position() <= position) { // indexed before: an edit or a deletion since
          delete.setLong(1, change.position());
          delete.executeUpdate();
        }
        if (!change.deleted()) {
          insert.setLong(1, change.position());
          insert.setString(2, SearchWords.of(change.conversation(), change.body()));
          insert.executeUpdate();
        }
      }
      move.setLong(1, to);
      move.executeUpdate();
      connection.commit();
      position = to;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // closing: nothing is left to lose
    }
  }
}
