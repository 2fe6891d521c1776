package io.chatflow.app;

import io.chatflow.adapter.http.KeyRing;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.ports.out.SigningKeyStore;
import io.chatflow.ports.out.SigningKeyStore.StoredKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys kept in the store (PostgreSQL: one set for every node). A rotation adds a key;
 * nodes start signing with it only once every verifier can know it (after the JWKS document's
 * cache lifetime and a few of each node's refreshes), and every node verifies with every stored
 * key, so no token stops working. A key replaced longer ago than the access-token lifetime signed
 * no valid token: the next rotation removes it.
 */
final class StoredSigningKeys {
  private static final Logger log = LoggerFactory.getLogger(StoredSigningKeys.class);
  /** How often a node reads the stored keys again. */
  static final Duration REFRESH = Duration.ofSeconds(5);
  /** A new key signs only after this: the JWKS's max-age (5 minutes) and a minute of refreshes. */
  static final Duration ACTIVATION = Duration.ofMinutes(6);
  private static final Duration MARGIN = Duration.ofMinutes(1);
  /** The first key's id, on every node: two nodes that start at once store one first key. */
  private static final String FIRST_ID = "first";

  private final SigningKeyStore store;
  private final Clock clock;
  private final Duration tokenLifetime;

  StoredSigningKeys(SigningKeyStore store, Clock clock, Duration tokenLifetime) {
    this.store = store;
    this.clock = clock;
    this.tokenLifetime = tokenLifetime;
  }

  /** A ring of the stored keys (storing the first when there is none). */
  KeyRing ring() {
    Chosen chosen = choose(keys());
    return KeyRing.of(chosen.signing(), chosen.verifying());
  }

  /** Reads the stored keys again into {@code ring}. */
  void refresh(KeyRing ring) {
    Chosen chosen = choose(keys());
    ring.replace(chosen.signing(), chosen.verifying());
  }

  /** {@link #refresh}, keeping the keys held when the database is out of reach (requests get 503s meanwhile). */
  void refreshQuietly(KeyRing ring) {
    try {
      refresh(ring);
    } catch (RuntimeException e) {
      log.debug("event=signing_keys_refresh_failed: {}", e.toString());
    }
  }

  /** What a rotation did: the key added, when nodes begin to sign with it, how many old keys went. */
  record Rotated(String keyId, Instant signsFrom, int removed) {}

  /** Adds a fresh key, and removes the keys no valid token can have been signed with. */
  Rotated rotate() {
    Instant now = clock.instant();
    List<StoredKey> before = keys();
    TokenKeys added = TokenKeys.generate();
    store.add(new StoredKey(UUID.randomUUID().toString(), added.signingKey().toJSONString(), now));
    List<String> retired = retired(before, now);
    if (!retired.isEmpty()) {
      store.remove(retired);
    }
    return new Rotated(added.keyId(), now.plus(ACTIVATION), retired.size());
  }

  private List<StoredKey> keys() {
    return store.keys(() -> new StoredKey(FIRST_ID, TokenKeys.generate().signingKey().toJSONString(), clock.instant()));
  }

  private record Chosen(TokenKeys signing, List<TokenKeys> verifying) {}

  private Chosen choose(List<StoredKey> newestFirst) {
    StoredKey signing = signing(newestFirst, clock.instant());
    return new Chosen(TokenKeys.fromJwk(signing.key()),
        newestFirst.stream().map(k -> TokenKeys.fromJwk(k.key())).toList());
  }

  /** The newest key in use: the oldest key signs from the start, a later one from its activation. */
  static StoredKey signing(List<StoredKey> newestFirst, Instant now) {
    StoredKey oldest = newestFirst.get(newestFirst.size() - 1);
    return newestFirst.stream().filter(k -> !signsFrom(k, oldest).isAfter(now)).findFirst().orElse(oldest);
  }

  private static Instant signsFrom(StoredKey key, StoredKey oldest) {
    return key.equals(oldest) ? key.addedAt() : key.addedAt().plus(ACTIVATION);
  }

  /** The keys older than the one signing now, once it has signed for longer than a token lives. */
  private List<String> retired(List<StoredKey> newestFirst, Instant now) {
    StoredKey signing = signing(newestFirst, now);
    Instant since = signsFrom(signing, newestFirst.get(newestFirst.size() - 1));
    if (since.plus(tokenLifetime).plus(MARGIN).isAfter(now)) {
      return List.of();
    }
    return newestFirst.subList(newestFirst.indexOf(signing) + 1, newestFirst.size()).stream().map(StoredKey::id).toList();
  }
}
