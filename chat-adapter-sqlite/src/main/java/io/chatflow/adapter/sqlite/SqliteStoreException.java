package io.chatflow.adapter.sqlite;

/**
 * The SQLite store failed: the file cannot be opened, is not a ChatFlow database, has a
 * schema newer than this build, or the database reported an error. The message says
 * which in plain words; it never carries user data.
 */
public final class SqliteStoreException extends RuntimeException {
  public SqliteStoreException(String message) {
    super(message);
  }

  public SqliteStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
