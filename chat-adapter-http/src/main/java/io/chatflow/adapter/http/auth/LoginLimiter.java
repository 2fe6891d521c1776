package io.chatflow.adapter.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatflow.domain.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins per client address and per username, in a fixed window. An address past its
 * limit is refused (429) until the window ends: that is the attacker's. A username past its
 * limit is never refused, only slowed: attempts for it from an address that has not logged
 * in as it before wait, longer the more it failed (up to {@link #MAX_DELAY}), so a stranger
 * guessing cannot lock its owner out. Every attempt is counted when it begins, in one atomic
 * step per key, and given back when it succeeds: parallel guesses cannot slip past a limit.
 */
public final class LoginLimiter {
  static final Duration MAX_DELAY = Duration.ofSeconds(8);
  private static final Duration FIRST_DELAY = Duration.ofMillis(250);
  private static final Logger LOG = LoggerFactory.getLogger(LoginLimiter.class);
  private final Clock clock;
  private final Duration window;
  private final int perUsername;
  private final int perAddress;
  private final Cache<String, Window> byUsername;
  private final Cache<String, Window> byAddress;
  private final Cache<String, Boolean> knownAddresses;

  public LoginLimiter(LoginRules settings, Clock clock) {
    this.clock = clock;
    this.window = settings.loginWindow();
    this.perUsername = settings.loginFailuresPerUsername();
    this.perAddress = settings.loginFailuresPerAddress();
    this.byUsername = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
    this.byAddress = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
    this.knownAddresses = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofDays(30)).build();
  }

  /** One login attempt, counted as failed unless {@link #succeeded} says otherwise; run it after {@code delay}. */
  record Attempt(String username, String address, Duration delay) {}

  /** Counts the attempt, or refuses it (429) when its address is past its limit. {@code address}: a key of {@link ClientAddresses}. */
  Attempt begin(String username, String address) {
    long now = clock.millis();
    Window[] seen = new Window[1];
    byAddress.asMap().compute(address, (k, old) -> {
      Window w = current(old, now);
      seen[0] = w;
      return w.failures >= perAddress ? w : w.plusOne();
    });
    if (seen[0].failures >= perAddress) {
      Duration wait = Duration.ofMillis(seen[0].start + window.toMillis() - now);
      LOG.info("login refused: too many failed logins from address {}", address);
      throw new RateLimitedException("too many failed logins from this address", wait);
    }
    String name = key(username);
    Window w = byUsername.asMap().compute(name, (k, old) -> current(old, now).plusOne());
    int excess = w.failures - 1 - perUsername;
    Duration delay = Duration.ZERO;
    if (excess >= 0 && knownAddresses.getIfPresent(name + " " + address) == null) {
      delay = FIRST_DELAY.multipliedBy(1L << Math.min(excess, 10));
      delay = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
      LOG.info("login slowed by {} ms: too many failed logins for username {}", delay.toMillis(), name);
    }
    return new Attempt(name, address, delay);
  }

  /** The attempt succeeded: it does not count as a failure, and its address is known for the username from now on. */
  void succeeded(Attempt attempt) {
    byAddress.asMap().computeIfPresent(attempt.address(), (k, w) -> w.minusOne());
    byUsername.asMap().computeIfPresent(attempt.username(), (k, w) -> w.minusOne());
    knownAddresses.put(attempt.username() + " " + attempt.address(), Boolean.TRUE);
  }

  private Window current(Window old, long now) {
    return old == null || now >= old.start + window.toMillis() ? new Window(now, 0) : old;
  }

  private static String key(String username) {
    return username == null ? "" : username.toLowerCase(Locale.ROOT);
  }

  private record Window(long start, int failures) {
    Window plusOne() {
      return new Window(start, failures + 1);
    }

    Window minusOne() {
      return new Window(start, Math.max(0, failures - 1));
    }
  }
}
