package io.chatflow.domain.user;

import java.util.Objects;

/** A user with the hash of their password: what login needs and nothing outside the core sees. */
public record Account(User user, String passwordHash) {
  public Account {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(passwordHash, "passwordHash");
  }

  public Account withPasswordHash(String hash) {
    return new Account(user, hash);
  }

  public Account withUser(User changed) {
    return new Account(changed, passwordHash);
  }
}
