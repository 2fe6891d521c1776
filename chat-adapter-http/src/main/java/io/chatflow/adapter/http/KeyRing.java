package io.chatflow.adapter.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keys access tokens are signed and verified with: one signs, every one held verifies (the
 * key a rotation replaced, until the tokens it signed expire). Replaced whole while running.
 */
public final class KeyRing {
  /** One consistent set: the signer, its key id, the public keys tokens may be verified with. */
  public record Keys(ECDSASigner signer, String signingKeyId, JWKSet verifying) {}

  private volatile Keys keys;

  private KeyRing(Keys keys) {
    this.keys = keys;
  }

  /** One key that signs and verifies. */
  public static KeyRing of(TokenKeys key) {
    return new KeyRing(keys(key, List.of(key)));
  }

  /** {@code signing} signs; it and every key in {@code verifying} verify. */
  public static KeyRing of(TokenKeys signing, List<TokenKeys> verifying) {
    return new KeyRing(keys(signing, verifying));
  }

  /** From now on tokens are signed with {@code signing} and verified by it and {@code verifying}. */
  public void replace(TokenKeys signing, List<TokenKeys> verifying) {
    keys = keys(signing, verifying);
  }

  public Keys keys() {
    return keys;
  }

  /** The public halves as a JWK Set document, for {@code /.well-known/jwks.json}. */
  public Map<String, Object> publicJwks() {
    return keys.verifying().toJSONObject(true);
  }

  private static Keys keys(TokenKeys signing, List<TokenKeys> verifying) {
    Objects.requireNonNull(signing, "signing");
    List<JWK> publics = new ArrayList<>();
    publics.add(signing.signingKey().toPublicJWK());
    for (TokenKeys k : verifying) {
      if (!k.keyId().equals(signing.keyId())) {
        publics.add(k.signingKey().toPublicJWK());
      }
    }
    try {
      return new Keys(new ECDSASigner(signing.signingKey()), signing.keyId(), new JWKSet(publics));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with the configured key", e);
    }
  }
}
