package io.chatflow.app.platform;

import io.chatflow.ports.out.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}). The whole UTF-8 password is
 * hashed, so there is no length truncation. Each hash holds {@code m} KiB of memory, so
 * a semaphore bounds how many run at once.
 */
public class Argon2idHasher implements PasswordHasher {
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final String PREFIX = "$argon2id$v=19$";
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getDecoder();
  // Parameters a stored hash may name; beyond them verification refuses rather than exhausting memory.
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final int MAX_ITERATIONS = 16;
  private static final int MAX_PARALLELISM = 8;

  /** Memory in KiB, iterations and lanes. */
  public record Params(int memoryKiB, int iterations, int parallelism) {
    /** OWASP's recommendation: m=19 MiB, t=2, p=1 (about 20 ms per hash here). */
    public static final Params OWASP = new Params(19 * 1024, 2, 1);

    /** Cheap and weak: for tests and the test harness only, never for real passwords. */
    public static final Params CHEAP_FOR_TESTS = new Params(64, 1, 1);

    public Params {
      if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
        throw new IllegalArgumentException("parallelism must be 1.." + MAX_PARALLELISM);
      }
      if (iterations < 1 || iterations > MAX_ITERATIONS) {
        throw new IllegalArgumentException("iterations must be 1.." + MAX_ITERATIONS);
      }
      if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
        throw new IllegalArgumentException("memoryKiB must be " + 8 * parallelism + ".." + MAX_MEMORY_KIB);
      }
    }
  }

  private final Params params;
  private final Semaphore permits;
  private final SecureRandom random = new SecureRandom();

  public Argon2idHasher(Params params, int maxConcurrentHashes) {
    if (maxConcurrentHashes < 1) {
      throw new IllegalArgumentException("maxConcurrentHashes must be at least 1");
    }
    this.params = params;
    this.permits = new Semaphore(maxConcurrentHashes, true);
  }

  /** OWASP strength, at most one hash per core at a time. */
  public static Argon2idHasher owasp() {
    return new Argon2idHasher(Params.OWASP, Runtime.getRuntime().availableProcessors());
  }

  /** The cheap setting: tests and the test harness only. */
  public static Argon2idHasher cheapForTests() {
    return new Argon2idHasher(Params.CHEAP_FOR_TESTS, Runtime.getRuntime().availableProcessors());
  }

  /** Loads and initialises the hashing classes (a few hundred ms in a cold JVM) ahead of the first hash. */
  public static void warmUp() {
    new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withSalt(new byte[SALT_BYTES]).build();
  }

  public Params params() {
    return params;
  }

  @Override
  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = bounded(password, salt, params);
    return PREFIX + "m=" + params.memoryKiB() + ",t=" + params.iterations() + ",p=" + params.parallelism()
        + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  @Override
  public boolean verify(String password, String encoded) {
    Parsed parsed = Parsed.of(encoded);
    if (parsed == null) {
      return false;
    }
    byte[] actual = bounded(password, parsed.salt(), parsed.params(), parsed.hash().length);
    return MessageDigest.isEqual(actual, parsed.hash());
  }

  private byte[] bounded(String password, byte[] salt, Params p) {
    return bounded(password, salt, p, HASH_BYTES);
  }

  private byte[] bounded(String password, byte[] salt, Params p, int length) {
    byte[] secret = password.getBytes(StandardCharsets.UTF_8);
    try {
      permits.acquireUninterruptibly();
      try {
        return derive(secret, salt, p, length);
      } finally {
        permits.release();
      }
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** The raw Argon2id computation; runs while holding a permit. */
  byte[] derive(byte[] password, byte[] salt, Params p, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(p.memoryKiB())
        .withIterations(p.iterations())
        .withParallelism(p.parallelism())
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }

  private record Parsed(Params params, byte[] salt, byte[] hash) {
    /** Null when the string is not an Argon2id v19 hash with sane parameters. */
    static Parsed of(String encoded) {
      if (encoded == null || !encoded.startsWith(PREFIX)) {
        return null;
      }
      String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
      if (parts.length != 3) {
        return null;
      }
      try {
        int m = -1;
        int t = -1;
        int p = -1;
        for (String pair : parts[0].split(",", -1)) {
          String[] kv = pair.split("=", 2);
          if (kv.length != 2) {
            return null;
          }
          int value = Integer.parseInt(kv[1]);
          switch (kv[0]) {
            case "m" -> m = value;
            case "t" -> t = value;
            case "p" -> p = value;
            default -> {
              return null;
            }
          }
        }
        byte[] salt = B64_DECODE.decode(parts[1]);
        byte[] hash = B64_DECODE.decode(parts[2]);
        if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
          return null;
        }
        return new Parsed(new Params(m, t, p), salt, hash);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
