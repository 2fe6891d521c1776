package io.chatflow.app.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A database server ChatFlow connects to (the postgres store).
 *
 * @param password a secret: never printed
 */
public record ServerDatabase(String url, String user, String password, int poolSize, Duration statementTimeout) {
  public ServerDatabase {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
  }

  @Override
  public String toString() {
    return "ServerDatabase[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
