package io.chatflow.service;

import io.chatflow.ports.in.UseCases;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The core's services built from the out-ports: the one place that knows how they fit
 * together, used by every assembly (the app's Guice modules, and the kit's tests).
 */
public final class Core implements AutoCloseable {
  private final OutPorts ports;
  private final CoreSettings settings;
  private final ExecutorService delivery;
  private final AccountService accounts;
  private final SessionService sessions;
  private final ConversationService conversations;
  private final MessagingService messaging;
  private final PresenceService presence;
  private final EventService events;
  private final SearchService search;
  private final UseCases useCases;

  public Core(OutPorts ports, CoreSettings settings) {
    this.ports = ports;
    this.settings = settings;
    this.delivery = Executors.newFixedThreadPool(settings.deliveryThreads(), daemonThreads());
    DeliveryBacklog backlog = new DeliveryBacklog(settings.deliveryBacklog(), Duration.ofSeconds(1));
    Journal journal = new Journal(ports.events(), ports.transactions(), ports.fanout());
    Views views = new Views(ports.users(), ports.conversations(), ports.messages());
    this.presence = new PresenceService(
        ports.presence(), ports.conversations(), ports.users(), ports.transactions(), journal, ports.clock(),
        settings.presenceWindow());
    this.accounts = new AccountService(
        ports.users(), ports.sessions(), ports.transactions(), ports.hasher(), ports.ids(), ports.clock(), presence,
        ports.sessionEnds());
    this.sessions = new SessionService(
        ports.users(), ports.sessions(), ports.transactions(), ports.hasher(), ports.ids(), ports.clock(),
        settings.sessionLifetime(), settings.sessionMaxLifetime(), ports.sessionEnds(), delivery);
    this.conversations = new ConversationService(
        ports.conversations(), ports.users(), ports.transactions(), journal, views, ports.ids(), ports.clock());
    this.messaging = new MessagingService(
        ports.messages(), ports.conversations(), ports.users(), ports.transactions(), journal, views, ports.ids(), ports.clock(),
        settings.typingExpiry(), backlog);
    this.events = new EventService(
        ports.events(), ports.messages(), ports.users(), ports.transactions(), ports.fanout(), views, delivery, settings.feedBacklog(),
        backlog);
    this.search = new SearchService(ports.search(), ports.conversations(), ports.transactions(), views);
    this.useCases = new UseCases(accounts, sessions, conversations, messaging, presence, events, search,
        new CounterService(ports.counters(), ports.clock()));
  }

  /** The use cases, for the driving adapters. */
  public UseCases useCases() {
    return useCases;
  }

  /** Drops events older than the retention window; call it now and then (the app schedules it). */
  public int pruneEvents() {
    Instant before = ports.clock().instant().minus(settings.eventRetention());
    return ports.events().prune(before);
  }

  /** Announces users who went quiet as offline; call it every few seconds (the app schedules it). */
  public int sweepPresence() {
    return presence.sweep();
  }

  /** Ends the watches of sessions that ran out; call it every second or so (the app schedules it). */
  public int sweepSessions() {
    return sessions.sweep();
  }

  /** Deletes a batch of ended and expired sessions; call it every second or so (the app schedules it). */
  public int pruneSessions() {
    return sessions.prune();
  }

  /** The most sessions one {@link #pruneSessions} deletes. */
  public int sessionPruneBatch() {
    return SessionService.PRUNE_BATCH;
  }

  @Override
  public void close() {
    sessions.close();
    events.closeAll(); // while the delivery threads still run the feeds' last drains
    delivery.shutdown();
    try {
      delivery.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "chatflow-delivery-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
