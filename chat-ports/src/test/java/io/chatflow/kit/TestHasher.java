package io.chatflow.kit;

import io.chatflow.ports.out.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A fast salted SHA-256 hasher for tests only: real deployments use Argon2id. */
public final class TestHasher implements PasswordHasher {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public String hash(String password) {
    byte[] salt = new byte[8];
    RANDOM.nextBytes(salt);
    String hexSalt = HexFormat.of().formatHex(salt);
    return "test$" + hexSalt + "$" + digest(hexSalt, password);
  }

  @Override
  public boolean verify(String password, String hash) {
    String[] parts = hash.split("\\$");
    return parts.length == 3
        && MessageDigest.isEqual(digest(parts[1], password).getBytes(StandardCharsets.UTF_8),
            parts[2].getBytes(StandardCharsets.UTF_8));
  }

  private static String digest(String salt, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
