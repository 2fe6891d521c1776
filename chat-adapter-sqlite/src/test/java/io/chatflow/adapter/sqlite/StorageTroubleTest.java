package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.UnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** A full disk or a data directory that cannot be written is a 503 (the server's trouble), never a 500. */
class StorageTroubleTest {
  @TempDir Path dir;

  @Test
  void aDatabaseThatCannotGrowIsUnavailableNotAnError() throws Exception {
    SQLException full = null;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("full.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x BLOB)");
      s.execute("PRAGMA max_page_count = 3"); // the disk is full at three pages, as far as SQLite can tell
      try {
        for (int i = 0; i < 100; i++) {
          s.execute("INSERT INTO t VALUES (randomblob(4000))");
        }
      } catch (SQLException e) {
        full = e;
      }
    }

    assertThat((Object) full).as("SQLite reported the disk full").isNotNull();
    RuntimeException mapped = Statements.failure(full);

    assertThat(mapped).isInstanceOf(UnavailableException.class);
    assertThat(((UnavailableException) mapped).retryAfter()).isPositive();
  }

  @Test
  void readOnlyAndIoErrorsAreUnavailableAndOtherFailuresStayErrors() {
    for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_READONLY, SQLiteErrorCode.SQLITE_READONLY_DBMOVED,
        SQLiteErrorCode.SQLITE_IOERR_WRITE, SQLiteErrorCode.SQLITE_IOERR_FSYNC, SQLiteErrorCode.SQLITE_CANTOPEN}) {
      assertThat(Statements.failure(new SQLiteException("x", code))).as(code.name()).isInstanceOf(UnavailableException.class);
    }
    assertThat(Statements.failure(new SQLiteException("x", SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK)))
        .isInstanceOf(SqliteStoreException.class);
  }
}
