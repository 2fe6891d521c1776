package io.chatflow.app.platform;

import io.chatflow.ports.out.IdGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * RFC 9562 UUIDv7: 48 bits of Unix milliseconds, then 74 random bits from a
 * SecureRandom. Ids sort roughly by creation time yet cannot be guessed from one another.
 */
public final class UuidV7Ids implements IdGenerator {
  private final Clock clock;
  private final SecureRandom random;

  public UuidV7Ids(Clock clock) {
    this(clock, new SecureRandom());
  }

  UuidV7Ids(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  @Override
  public String newId() {
    return next().toString();
  }

  UUID next() {
    long millis = clock.millis() & 0xFFFF_FFFF_FFFFL;
    long randA = random.nextInt() & 0xFFFL;
    long high = (millis << 16) | 0x7000L | randA;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
