package io.chatflow.adapter.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.chatflow.adapter.http.KeyRing;
import io.chatflow.adapter.http.plumbing.BadToken;
import io.chatflow.adapter.http.plumbing.Principal;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Login;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies ES256 access tokens. Verification pins the algorithm and checks
 * iss, aud and exp; a verified token is cached until it expires, because checking an
 * ECDSA signature costs far more than the rest of a small request.
 */
public final class AccessTokens {
  private static final JOSEObjectType TYPE = JOSEObjectType.JWT;

  private final KeyRing keys;
  private final TokenRules settings;
  private final Clock clock;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final Cache<String, Principal> verified;

  public AccessTokens(KeyRing keys, TokenRules settings, Clock clock) {
    this.keys = keys;
    this.settings = settings;
    this.clock = clock;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
        JWSAlgorithm.ES256, (selector, context) -> selector.select(keys.keys().verifying())));
    processor.setJWTClaimsSetVerifier(new ClockedClaimsVerifier(settings, clock));
    this.verified = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfter(Expiry.<String, Principal>creating((token, p) ->
            Duration.between(clock.instant(), p.expiresAt()).plusSeconds(1)))
        .build();
  }

  /** A signed token for the session of {@code login}. */
  public Issued issue(Login login) {
    Instant now = clock.instant();
    Instant exp = now.plus(settings.accessTokenTtl());
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .subject(login.user().id().value())
        .claim("sid", login.session().id().value())
        .issuer(settings.issuer())
        .audience(settings.audience())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(exp))
        .jwtID(UUID.randomUUID().toString())
        .build();
    KeyRing.Keys signing = keys.keys();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).type(TYPE).keyID(signing.signingKeyId()).build(), claims);
    try {
      jwt.sign(signing.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    return new Issued(jwt.serialize(), settings.accessTokenTtl().toSeconds());
  }

  /** The principal of a valid token; {@link BadToken} when it is not. */
  Principal verify(String token) {
    Principal cached = verified.getIfPresent(token);
    if (cached != null) {
      if (clock.instant().isBefore(cached.expiresAt())) {
        return cached;
      }
      verified.invalidate(token);
      throw new BadToken("token expired");
    }
    Principal p = parse(token);
    verified.put(token, p);
    return p;
  }

  private Principal parse(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      Object sid = claims.getClaim("sid");
      if (!(sid instanceof String s) || claims.getSubject() == null) {
        throw new BadToken("token lacks sub or sid");
      }
      return new Principal(new UserId(claims.getSubject()), new SessionId(s), claims.getExpirationTime().toInstant());
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new BadToken(e.getMessage());
    }
  }

  public record Issued(String token, long expiresInSeconds) {}

  /** Who a verified token speaks for, and until when. */

  /** Exact iss and aud, the required claims, and exp/iat judged by our clock rather than the system's. */
  private static final class ClockedClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;

    ClockedClaimsVerifier(TokenRules settings, Clock clock) {
      super(settings.audience(),
          new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
          Set.of("sub", "sid", "iat", "exp", "jti"));
      this.clock = clock;
      setMaxClockSkew(0);
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }
  }
}
