package io.chatflow.adapter.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/** Fresh SQLite stores in a temporary directory, deleted when closed. */
final class TestDatabases {
  private TestDatabases() {}

  static Path newDirectory() {
    try {
      return Files.createTempDirectory("chatflow-sqlite-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SqliteSettings settings(Path directory) {
    return SqliteSettings.of(directory.resolve("chatflow.db")).withReaders(2);
  }

  /** Lets a connection of a test's own name {@code search.message_words}, as the store's readers do. */
  static void attachSearchIndex(Connection c, Path directory) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("ATTACH DATABASE '" + SearchIndex.file(settings(directory)) + "' AS search");
    }
  }

  static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
