package io.chatflow.adapter.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to open the SQLite store.
 *
 * @param file the database file (created with its directories when missing)
 * @param readers connections in the read-only pool
 * @param busyTimeout how long a connection waits for a lock another process holds
 * @param journalSizeLimit bytes the WAL file is truncated back to after a checkpoint
 * @param maxBatch most writes committed together in one group commit
 */
public record SqliteSettings(Path file, int readers, Duration busyTimeout, long journalSizeLimit, int maxBatch) {
  public SqliteSettings {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    if (readers < 1) {
      throw new IllegalArgumentException("readers must be at least 1");
    }
    if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("busyTimeout out of range");
    }
    if (journalSizeLimit < 0 || journalSizeLimit > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("journalSizeLimit out of range");
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
  }

  /** Defaults: 4 readers, 5 s busy timeout, a 64 MiB WAL limit, batches of up to 256 writes. */
  public static SqliteSettings of(Path file) {
    return new SqliteSettings(file, 4, Duration.ofSeconds(5), 64L * 1024 * 1024, 256);
  }

  public SqliteSettings withReaders(int count) {
    return new SqliteSettings(file, count, busyTimeout, journalSizeLimit, maxBatch);
  }

  public SqliteSettings withMaxBatch(int writes) {
    return new SqliteSettings(file, readers, busyTimeout, journalSizeLimit, writes);
  }
}
