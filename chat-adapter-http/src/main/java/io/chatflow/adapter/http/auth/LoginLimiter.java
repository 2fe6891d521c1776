package io.chatflow.adapter.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatflow.domain.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed logins per username and per client address in a fixed window; past
 * the limit every attempt for that name or from that address waits out the window.
 */
public final class LoginLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(LoginLimiter.class);
  private final Clock clock;
  private final Duration window;
  private final int perUsername;
  private final int perAddress;
  private final Cache<String, Window> byUsername;
  private final Cache<String, Window> byAddress;

  public LoginLimiter(LoginRules settings, Clock clock) {
    this.clock = clock;
    this.window = settings.loginWindow();
    this.perUsername = settings.loginFailuresPerUsername();
    this.perAddress = settings.loginFailuresPerAddress();
    this.byUsername = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
    this.byAddress = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
  }

  void check(String username, String address) {
    Instant now = clock.instant();
    check(byUsername, key(username), perUsername, now, "too many failed logins for this username");
    check(byAddress, address, perAddress, now, "too many failed logins from this address");
  }

  void failed(String username, String address) {
    Instant now = clock.instant();
    count(byUsername, key(username), now);
    count(byAddress, address, now);
  }

  void succeeded(String username) {
    byUsername.invalidate(key(username));
  }

  private void check(Cache<String, Window> counts, String key, int limit, Instant now, String message) {
    Window w = counts.getIfPresent(key);
    if (w == null) {
      return;
    }
    Instant ends = w.start.plus(window);
    if (!now.isBefore(ends)) {
      counts.asMap().remove(key, w);
    } else if (w.failures.get() >= limit) {
      LOG.info("login refused: {} (key {})", message, key);
      throw new RateLimitedException(message, Duration.between(now, ends));
    }
  }

  private void count(Cache<String, Window> counts, String key, Instant now) {
    Window w = counts.asMap().compute(key, (k, old) ->
        old == null || !now.isBefore(old.start.plus(window)) ? new Window(now, new AtomicInteger()) : old);
    w.failures.incrementAndGet();
  }

  private static String key(String username) {
    return username == null ? "" : username.toLowerCase(Locale.ROOT);
  }

  private record Window(Instant start, AtomicInteger failures) {}
}
