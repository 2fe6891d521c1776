package io.chatflow.ports.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The access-token signing keys kept with the data, so every process on one store signs and
 * verifies alike with nothing else shared, and a new key can be added (rotation) while older
 * ones still verify. A key is opaque text here (the HTTP adapter's private JWK).
 */
public interface SigningKeyStore {
  /** A stored key: its id in the store, the key, and when it was added. */
  record StoredKey(String id, String key, Instant addedAt) {}

  /**
   * Every stored key, newest first; when there is none yet, stores the one {@code first} makes
   * before. Processes that race make first keys of one id: one is stored, and all get it.
   */
  List<StoredKey> keys(Supplier<StoredKey> first);

  /** Adds a key; the newest key is the one added last. */
  void add(StoredKey key);

  /** Removes the keys with these ids (keys no token still valid was signed with). */
  void remove(Collection<String> ids);
}
