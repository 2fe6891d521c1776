package io.chatflow.adapter.postgres;

/**
 * The PostgreSQL store failed: the schema cannot be migrated or is newer than this build, or
 * the database reported an error. The message says which in plain words; it never carries user data.
 */
public class PostgresStoreException extends RuntimeException {
  public PostgresStoreException(String message) {
    super(message);
  }

  public PostgresStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
