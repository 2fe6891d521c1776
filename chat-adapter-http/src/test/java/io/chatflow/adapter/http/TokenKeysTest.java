package io.chatflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenKeysTest {
  @TempDir
  Path dir;

  @Test
  void aKeyIsGeneratedOnceIntoAnOwnerOnlyFileAndLoadedFromItAfterwards() throws Exception {
    Path file = dir.resolve("data/keys/token-key.json");

    TokenKeys created = TokenKeys.loadOrCreate(file);
    TokenKeys loaded = TokenKeys.loadOrCreate(file);

    assertThat(loaded.keyId()).isEqualTo(created.keyId());
    assertThat(loaded.publicJwks()).isEqualTo(created.publicJwks());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void generatedKeysDifferAndPublishOnlyTheirPublicHalf() {
    TokenKeys a = TokenKeys.generate();
    TokenKeys b = TokenKeys.generate();

    assertThat(a.publicJwks()).isNotEqualTo(b.publicJwks());
    @SuppressWarnings("unchecked")
    var keys = (java.util.List<java.util.Map<String, Object>>) a.publicJwks().get("keys");
    assertThat(keys).singleElement().satisfies(k -> assertThat(k).containsKeys("kty", "crv", "x", "y", "kid").doesNotContainKey("d"));
  }

  @Test
  void aConfiguredKeyMustBeAPrivateP256Key() {
    String publicOnly = TokenKeys.generate().signingKey().toPublicJWK().toJSONString();

    assertThatThrownBy(() -> TokenKeys.fromJwk(publicOnly)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenKeys.fromJwk("{}")).isInstanceOf(IllegalArgumentException.class);
    String full = TokenKeys.generate().signingKey().toJSONString();
    assertThat(TokenKeys.fromJwk(full).keyId()).isNotBlank();
  }

  @Test
  void aKeyFileItsGroupOrOthersCanReadIsRefused() throws Exception {
    Path file = dir.resolve("token-key.json");
    TokenKeys.loadOrCreate(file);
    for (String open : new String[] {"rw-r-----", "rw----r--", "rw-----w-"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(open));

      assertThatThrownBy(() -> TokenKeys.loadOrCreate(file)).as(open).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(file.toString()).hasMessageContaining(open).hasMessageContaining("chmod 600");
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertThat(TokenKeys.loadOrCreate(file).keyId()).isNotBlank();
  }
}
