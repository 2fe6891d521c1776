package io.chatflow.adapter.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatflow.adapter.http.plumbing.BadToken;
import io.chatflow.adapter.http.plumbing.BearerCheck;
import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Principal;
import io.chatflow.domain.user.SessionId;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.Sessions;
import io.undertow.util.Headers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bearer-token step: a valid signature, a live session, then the user counts as
 * active. Whether a session is live is cached only for a moment, and forgotten at once
 * when the core says a session ended, so revocation takes effect immediately.
 */
public final class Authenticator implements BearerCheck {
  private static final String BEARER = "Bearer ";

  private final AccessTokens tokens;
  private final Sessions sessions;
  private final Presence presence;
  private final AtomicLong generation = new AtomicLong(); // counts sessionsEnded calls
  private final Cache<SessionId, Boolean> active = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfterWrite(Duration.ofSeconds(1))
      .build();

  public Authenticator(AccessTokens tokens, Sessions sessions, Presence presence) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.presence = presence;
    sessions.watchEnds(this::sessionsEnded);
  }

  @Override
  public Principal authenticate(Call call) {
    String header = call.header(Headers.AUTHORIZATION_STRING);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw BadToken.absent();
    }
    return authenticate(header.substring(BEARER.length()).trim());
  }

  /** The same step for a token that came some other way (a WebSocket query or auth frame). */
  public Principal authenticate(String token) {
    Principal who = tokens.verify(token);
    if (!isActive(who.session())) {
      throw new BadToken("session ended");
    }
    presence.touch(who.user());
    return who;
  }

  private boolean isActive(SessionId session) {
    Boolean known = active.getIfPresent(session);
    if (known != null) {
      return known;
    }
    long before = generation.get();
    boolean now = sessions.isActive(session);
    active.put(session, now);
    if (generation.get() != before) {
      // sessions ended while this was asked: the answer may predate that, so keep none
      active.invalidate(session);
    }
    return now;
  }

  /** Some session ended, on any node: ask the core again next time. */
  private void sessionsEnded() {
    generation.incrementAndGet();
    active.invalidateAll();
  }
}
