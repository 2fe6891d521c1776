package io.chatflow.app.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7IdsTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");
  private final UuidV7Ids ids = new UuidV7Ids(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void idsAreVersion7WithTheRfcVariant() {
    UUID id = UUID.fromString(ids.newId());

    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void theFirst48BitsAreTheUnixMillis() {
    UUID id = UUID.fromString(ids.newId());

    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
    assertThat(ids.newId()).startsWith(String.format("%08x-%04x", NOW.toEpochMilli() >>> 16, NOW.toEpochMilli() & 0xFFFF));
  }

  @Test
  void idsFromTheSameMillisecondDiffer() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(ids.newId());
    }

    assertThat(seen).hasSize(10_000);
  }

  @Test
  void laterMillisecondsSortAfterEarlierOnes() {
    String earlier = new UuidV7Ids(Clock.fixed(NOW, ZoneOffset.UTC)).newId();
    String later = new UuidV7Ids(Clock.fixed(NOW.plusMillis(1), ZoneOffset.UTC)).newId();

    assertThat(later).isGreaterThan(earlier);
  }
}
