package io.chatflow.adapter.postgres;

/**
 * The database cannot be reached to migrate its schema, as the store opens ({@code run},
 * {@code dbsetup}): nothing was changed. Once open, the store reports an unreachable or too slow
 * database as the core's {@code UnavailableException} instead (HTTP 503), and reconnects by itself.
 */
public final class PostgresUnavailableException extends PostgresStoreException {
  public PostgresUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
