package io.chatflow.app.wiring;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.util.Modules;
import io.chatflow.ports.in.UseCases;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.ports.out.StorePorts;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ChatFlow assembled, the one way every entry point assembles it (the server, the library,
 * the test harness): a Guice injector over one module per adapter, the core's housekeeping
 * on a timer, and an orderly close (core, then store).
 */
public final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);
  /** Session prune batches per run: a backlog of 50,000 goes in one run, longer ones in the next. */
  private static final int MAX_SESSION_BATCHES = 100;
  private static final Duration PRUNE_AT_MOST_EVERY = Duration.ofSeconds(1);
  private static final Duration PRUNE_AT_LEAST_EVERY = Duration.ofHours(1);
  private static final Duration SWEEP_AT_MOST_EVERY = Duration.ofMillis(50);
  private static final Duration SWEEP_AT_LEAST_EVERY = Duration.ofSeconds(5);

  private final Injector injector;
  private final Core core;
  private final StorePorts store;
  private final ScheduledExecutorService housekeeping;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Application(Injector injector, CoreSettings settings) {
    this.injector = injector;
    this.store = injector.getInstance(StorePorts.class);
    this.core = injector.getInstance(Core.class);
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "chatflow-housekeeping");
      t.setDaemon(true);
      return t;
    });
    // An expired event goes within a tenth of the retention (checked every second to every hour).
    long prune = Math.max(PRUNE_AT_MOST_EVERY.toMillis(),
        Math.min(PRUNE_AT_LEAST_EVERY.toMillis(), settings.eventRetention().toMillis() / 10));
    housekeeping.scheduleWithFixedDelay(this::prune, prune, prune, TimeUnit.MILLISECONDS);
    // Offline is announced at most a quarter window late.
    long sweep = Math.max(SWEEP_AT_MOST_EVERY.toMillis(),
        Math.min(SWEEP_AT_LEAST_EVERY.toMillis(), settings.presenceWindow().toMillis() / 4));
    housekeeping.scheduleWithFixedDelay(this::sweepPresence, sweep, sweep, TimeUnit.MILLISECONDS);
    // A stream opened in a session that runs out closes within a second.
    housekeeping.scheduleWithFixedDelay(this::sweepSessions, 1, 1, TimeUnit.SECONDS);
    housekeeping.scheduleWithFixedDelay(this::pruneSessions, 30, 30, TimeUnit.SECONDS);
  }

  /**
   * Assembles the core on {@code store} (which it closes on close, or at once when the
   * assembly fails). {@code more} adds bindings (the HTTP server) or replaces some (the test
   * harness watches the fan-out).
   */
  public static Application start(
      StorePorts store, CoreSettings settings, PasswordHasher hasher, Clock clock, Module... more) {
    Module base = Modules.combine(new StoreModule(store), new InProcessModule(), new CoreModule(settings, hasher, clock));
    try {
      return new Application(Guice.createInjector(Modules.override(base).with(more)), settings);
    } catch (ProvisionException | CreationException e) {
      store.close();
      throw unwrapped(e);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** What a provider threw (a store that cannot open, say), without Guice's report around it. */
  private static RuntimeException unwrapped(RuntimeException guice) {
    for (Throwable t = guice.getCause(); t != null; t = t.getCause()) {
      if (t instanceof RuntimeException cause && !t.getClass().getName().startsWith("com.google.inject")) {
        return cause;
      }
    }
    return guice;
  }

  public UseCases useCases() {
    return core.useCases();
  }

  public StorePorts store() {
    return store;
  }

  /** Runs {@code task} every {@code period} with the housekeeping, until the application closes. */
  public void every(Duration period, Runnable task) {
    housekeeping.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** An instance from the assembly, such as the HTTP server when its module was given. */
  public <T> T get(Class<T> type) {
    try {
      return injector.getInstance(type);
    } catch (ProvisionException e) {
      throw unwrapped(e);
    }
  }

  private void prune() {
    try {
      int pruned = core.pruneEvents();
      if (pruned > 0) {
        log.info("pruned {} events older than the retention window", pruned);
      }
    } catch (RuntimeException e) {
      log.warn("event pruning failed: {}", e.toString());
    }
  }

  private void sweepPresence() {
    try {
      core.sweepPresence();
    } catch (RuntimeException e) {
      log.warn("presence sweep failed: {}", e.toString());
    }
  }

  private void sweepSessions() {
    try {
      core.sweepSessions();
    } catch (RuntimeException e) {
      log.warn("session sweep failed: {}", e.toString());
    }
  }

  /** Ended and expired sessions go in batches, each its own short write, until a batch is not full. */
  private void pruneSessions() {
    try {
      int total = 0;
      for (int batch = 0; batch < MAX_SESSION_BATCHES; batch++) {
        int pruned = core.pruneSessions();
        total += pruned;
        if (pruned < core.sessionPruneBatch()) {
          break;
        }
      }
      if (total > 0) {
        log.info("pruned {} ended or expired sessions", total);
      }
    } catch (RuntimeException e) {
      log.warn("session pruning failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    housekeeping.shutdownNow();
    core.close();
    store.close();
  }
}
