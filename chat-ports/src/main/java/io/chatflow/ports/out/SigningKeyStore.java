package io.chatflow.ports.out;

import java.util.function.Supplier;

/**
 * The access-token signing key kept with the data, so every process on one store signs and
 * verifies alike with nothing else shared. The key is opaque text here (the HTTP adapter's
 * private JWK).
 */
public interface SigningKeyStore {
  /**
   * The stored key; when there is none yet, stores the one {@code candidate} makes and returns
   * it. Processes that race get the same key.
   */
  String key(Supplier<String> candidate);
}
