package io.chatflow.adapter.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
