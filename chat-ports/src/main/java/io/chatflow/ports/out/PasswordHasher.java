package io.chatflow.ports.out;

/** One-way password hashing. The hash string names its own algorithm and parameters. */
public interface PasswordHasher {
  String hash(String password);

  boolean verify(String password, String hash);
}
