package io.chatflow.adapter.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatflow.domain.RateLimitedException;
import io.chatflow.ports.in.Counters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins per client address and per username, in a fixed window, counted in the core's
 * {@link Counters} (shared by every node of a cluster). An address past its limit is refused
 * (429) until the window ends: that is the attacker's. A username past its limit is never
 * refused, only slowed: attempts for it from an address that has not logged in as it before
 * wait, longer the more it failed (up to {@link #MAX_DELAY}), so a stranger guessing cannot lock
 * its owner out. Every attempt is counted when it begins, in one atomic step per key, and given
 * back when it succeeds: parallel guesses cannot slip past a limit. The addresses a username
 * logged in from are remembered by this node only: on another node its owner may be slowed
 * while a stranger guesses, never refused.
 */
public final class LoginLimiter {
  static final Duration MAX_DELAY = Duration.ofSeconds(8);
  private static final Duration FIRST_DELAY = Duration.ofMillis(250);
  private static final Logger LOG = LoggerFactory.getLogger(LoginLimiter.class);
  private static final String ADDRESS = "login-address:";
  private static final String USERNAME = "login-username:";
  private final Counters counters;
  private final Clock clock;
  private final Duration window;
  private final int perUsername;
  private final int perAddress;
  private final Cache<String, Boolean> knownAddresses;
  // addresses this node found past their limit, until their window ends
  private final Cache<String, Instant> refusedUntil;

  public LoginLimiter(LoginRules settings, Counters counters, Clock clock) {
    this.counters = counters;
    this.clock = clock;
    this.window = settings.loginWindow();
    this.perUsername = settings.loginFailuresPerUsername();
    this.perAddress = settings.loginFailuresPerAddress();
    this.knownAddresses = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofDays(30)).build();
    this.refusedUntil = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
  }

  /** One login attempt, counted as failed unless {@link #succeeded} says otherwise; run it after {@code delay}. */
  record Attempt(String username, String address, Duration delay) {}

  /** Counts the attempt, or refuses it (429) when its address is past its limit. {@code address}: a key of {@link ClientAddresses}. */
  Attempt begin(String username, String address) {
    Instant refused = refusedUntil.getIfPresent(address);
    if (refused != null && clock.instant().isBefore(refused)) {
      throw refusal(address, refused); // known here already: the shared count is not touched again
    }
    Counters.Count byAddress = counters.add(ADDRESS + address, 1, window);
    if (byAddress.value() > perAddress) {
      // counted past the limit or not, the address stays refused until the window ends
      refusedUntil.put(address, byAddress.windowEnds());
      throw refusal(address, byAddress.windowEnds());
    }
    String name = key(username);
    long excess = counters.add(USERNAME + name, 1, window).value() - 1 - perUsername;
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
    counters.add(ADDRESS + attempt.address(), -1, window);
    counters.add(USERNAME + attempt.username(), -1, window);
    knownAddresses.put(attempt.username() + " " + attempt.address(), Boolean.TRUE);
  }

  private RateLimitedException refusal(String address, Instant until) {
    Duration wait = Duration.between(clock.instant(), until);
    LOG.info("login refused: too many failed logins from address {}", address);
    return new RateLimitedException("too many failed logins from this address", wait.isNegative() ? Duration.ZERO : wait);
  }

  private static String key(String username) {
    return username == null ? "" : username.toLowerCase(Locale.ROOT);
  }
}
