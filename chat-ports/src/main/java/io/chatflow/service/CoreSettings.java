package io.chatflow.service;

import java.time.Duration;

/**
 * Tunables of the core.
 *
 * @param presenceWindow how long after their last request a user still counts as online
 * @param sessionLifetime how long a refresh token stays valid without being used
 * @param sessionMaxLifetime how long a session lasts at most after its login, however often it is used
 * @param typingExpiry how long a typing notice lasts unless repeated
 * @param eventRetention how long events stay replayable; older cursors are gone
 * @param deliveryThreads threads that replay and resolve events for live subscriptions
 * @param feedBacklog live events a subscription may hold undelivered before it drops them
 *     and catches up from the log instead
 * @param deliveryBacklog live deliveries queued over all subscriptions (each counting at most
 *     four) above which a post waits, up to a second, for the fan-out to catch up
 */
public record CoreSettings(
    Duration presenceWindow,
    Duration sessionLifetime,
    Duration sessionMaxLifetime,
    Duration typingExpiry,
    Duration eventRetention,
    int deliveryThreads,
    int feedBacklog,
    int deliveryBacklog) {

  public CoreSettings {
    requirePositive(presenceWindow, "presenceWindow");
    requirePositive(sessionLifetime, "sessionLifetime");
    requirePositive(sessionMaxLifetime, "sessionMaxLifetime");
    requirePositive(typingExpiry, "typingExpiry");
    requirePositive(eventRetention, "eventRetention");
    if (deliveryThreads < 1) {
      throw new IllegalArgumentException("deliveryThreads must be at least 1");
    }
    if (feedBacklog < 1) {
      throw new IllegalArgumentException("feedBacklog must be at least 1");
    }
    if (deliveryBacklog < 1) {
      throw new IllegalArgumentException("deliveryBacklog must be at least 1");
    }
  }

  public static CoreSettings defaults() {
    return new CoreSettings(
        Duration.ofSeconds(60), Duration.ofDays(30), Duration.ofDays(30), Duration.ofSeconds(6), Duration.ofDays(7),
        Math.max(2, Runtime.getRuntime().availableProcessors()), 10_000, 128);
  }

  public CoreSettings withPresenceWindow(Duration d) {
    return new CoreSettings(d, sessionLifetime, sessionMaxLifetime, typingExpiry, eventRetention, deliveryThreads, feedBacklog, deliveryBacklog);
  }

  public CoreSettings withSessionLifetimes(Duration idle, Duration max) {
    return new CoreSettings(presenceWindow, idle, max, typingExpiry, eventRetention, deliveryThreads, feedBacklog, deliveryBacklog);
  }

  public CoreSettings withEventRetention(Duration d) {
    return new CoreSettings(presenceWindow, sessionLifetime, sessionMaxLifetime, typingExpiry, d, deliveryThreads, feedBacklog, deliveryBacklog);
  }

  public CoreSettings withDeliveryThreads(int n) {
    return new CoreSettings(presenceWindow, sessionLifetime, sessionMaxLifetime, typingExpiry, eventRetention, n, feedBacklog, deliveryBacklog);
  }

  public CoreSettings withFeedBacklog(int n) {
    return new CoreSettings(presenceWindow, sessionLifetime, sessionMaxLifetime, typingExpiry, eventRetention, deliveryThreads, n, deliveryBacklog);
  }

  public CoreSettings withDeliveryBacklog(int n) {
    return new CoreSettings(presenceWindow, sessionLifetime, sessionMaxLifetime, typingExpiry, eventRetention, deliveryThreads, feedBacklog, n);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
  }
}
