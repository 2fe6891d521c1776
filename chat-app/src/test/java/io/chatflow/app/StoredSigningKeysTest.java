package io.chatflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.KeyRing;
import io.chatflow.kit.MutableClock;
import io.chatflow.ports.out.SigningKeyStore;
import io.chatflow.ports.out.SigningKeyStore.StoredKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** When a rotated key begins to sign, and when the key it replaced is removed. */
class StoredSigningKeysTest {
  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
  private final MutableClock clock = new MutableClock();
  private final Keys store = new Keys();
  private final StoredSigningKeys keys = new StoredSigningKeys(store, clock, TOKEN_LIFETIME);

  @Test
  void aRotatedKeyVerifiesAtOnceAndSignsOnlyOnceEveryVerifierCanKnowIt() {
    KeyRing ring = keys.ring();
    String first = ring.keys().signingKeyId();

    Instant before = clock.instant();
    StoredSigningKeys.Rotated rotated = keys.rotate();
    keys.refresh(ring);
    assertThat(ring.keys().signingKeyId()).isEqualTo(first);
    assertThat(kids(ring)).containsExactlyInAnyOrder(first, rotated.keyId());
    assertThat(rotated.signsFrom()).isBetween(before.plus(StoredSigningKeys.ACTIVATION),
        before.plus(StoredSigningKeys.ACTIVATION).plusSeconds(1));

    clock.advance(StoredSigningKeys.ACTIVATION.minusSeconds(1));
    keys.refresh(ring);
    assertThat(ring.keys().signingKeyId()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(1));
    keys.refresh(ring);
    assertThat(ring.keys().signingKeyId()).isEqualTo(rotated.keyId());
    assertThat(kids(ring)).containsExactlyInAnyOrder(first, rotated.keyId());
  }

  @Test
  void theReplacedKeyIsRemovedOnlyOnceTheTokensItSignedHaveExpired() {
    KeyRing ring = keys.ring();
    String first = ring.keys().signingKeyId();
    String second = keys.rotate().keyId();

    clock.advance(StoredSigningKeys.ACTIVATION.plus(TOKEN_LIFETIME)); // first signed until a token lifetime ago
    assertThat(keys.rotate().removed()).isZero(); // within the margin for nodes that refresh late
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    StoredSigningKeys.Rotated third = keys.rotate();
    assertThat(third.removed()).isEqualTo(1);

    keys.refresh(ring);
    assertThat(kids(ring)).doesNotContain(first).contains(second, third.keyId());
    assertThat(ring.keys().signingKeyId()).isEqualTo(second);
  }

  @Test
  void rotatingTwiceInARowRemovesNoKeyThatSignsOrWillSign() {
    KeyRing ring = keys.ring();
    String first = ring.keys().signingKeyId();
    String second = keys.rotate().keyId();
    String third = keys.rotate().keyId();

    assertThat(store.stored).hasSize(3);
    clock.advance(StoredSigningKeys.ACTIVATION);
    keys.refresh(ring);
    assertThat(ring.keys().signingKeyId()).isEqualTo(third); // the newest active key signs
    assertThat(kids(ring)).containsExactlyInAnyOrder(first, second, third);
  }

  @SuppressWarnings("unchecked")
  private static List<String> kids(KeyRing ring) {
    return ((List<Map<String, Object>>) ring.publicJwks().get("keys")).stream().map(k -> (String) k.get("kid")).toList();
  }

  /** The store's side: a list, newest first. */
  private static final class Keys implements SigningKeyStore {
    final List<StoredKey> stored = new ArrayList<>();

    @Override
    public List<StoredKey> keys(Supplier<StoredKey> first) {
      if (stored.isEmpty()) {
        stored.add(first.get());
      }
      return List.copyOf(stored);
    }

    @Override
    public void add(StoredKey key) {
      stored.add(0, key);
    }

    @Override
    public void remove(Collection<String> ids) {
      stored.removeIf(k -> ids.contains(k.id()));
    }
  }
}
