package io.chatflow.adapter.postgres;

/**
 * The database cannot be reached now, or did not answer in time: the connection was lost, the
 * server is restarting, no pooled connection came within the connect timeout, or a statement ran
 * past the statement timeout. Nothing of the write that failed was committed unless it failed
 * while committing. Transient: the pool reconnects by itself, so a caller may try again (HTTP: 503).
 */
public final class PostgresUnavailableException extends PostgresStoreException {
  public PostgresUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
