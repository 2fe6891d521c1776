package io.chatflow.adapter.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.text.ParseException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The ES256 key pair that signs access tokens. There is no built-in key: it is
 * generated (once, for a data directory) or given.
 */
public final class TokenKeys {
  private final ECKey key;

  private TokenKeys(ECKey key) {
    if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
      throw new IllegalArgumentException("a private P-256 key is required to sign ES256 tokens");
    }
    this.key = key;
  }

  /** A fresh key held only in memory. */
  public static TokenKeys generate() {
    try {
      return new TokenKeys(new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyID(UUID.randomUUID().toString())
          .generate());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an EC key", e);
    }
  }

  /** A key from configuration: a private EC P-256 JWK as JSON. */
  public static TokenKeys fromJwk(String privateJwkJson) {
    try {
      return new TokenKeys(ECKey.parse(Objects.requireNonNull(privateJwkJson, "privateJwkJson")));
    } catch (ParseException e) {
      throw new IllegalArgumentException("not an EC JWK: " + e.getMessage(), e);
    }
  }

  /**
   * The key kept in {@code file}; generated and written (readable by the owner only)
   * when the file does not exist yet. A file that its group or others may read or write is
   * refused (IllegalStateException): whoever can read it can sign tokens as anyone.
   */
  public static TokenKeys loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        requireOwnerOnly(file);
        return fromJwk(Files.readString(file, StandardCharsets.UTF_8));
      }
      TokenKeys created = generate();
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      try {
        createOwnerOnly(file);
      } catch (FileAlreadyExistsException raced) {
        return fromJwk(Files.readString(file, StandardCharsets.UTF_8));
      }
      Files.writeString(file, created.key.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load or create the signing key " + file, e);
    }
  }

  private static void requireOwnerOnly(Path file) throws IOException {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException notPosix) {
      return;
    }
    Set<PosixFilePermission> others = EnumSet.copyOf(mode);
    others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
    if (!others.isEmpty()) {
      throw new IllegalStateException("the signing key file " + file + " is open to others (mode "
          + PosixFilePermissions.toString(mode) + "); make it readable by its owner only: chmod 600 " + file);
    }
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
      var f = file.toFile();
      f.setReadable(false, false);
      f.setWritable(false, false);
      f.setReadable(true, true);
      f.setWritable(true, true);
    }
  }

  public ECKey signingKey() {
    return key;
  }

  public String keyId() {
    return key.getKeyID();
  }

  /** The public half as a JWK Set document, for {@code /.well-known/jwks.json}. */
  public Map<String, Object> publicJwks() {
    return new JWKSet(key.toPublicJWK()).toJSONObject(true);
  }
}
