package io.chatflow.app.wiring;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.util.Modules;
import io.chatflow.ports.out.PasswordHasher;
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
 * The assembled core on one store: the Guice injector, event pruning and the presence
 * sweep on a timer, and an orderly close (core, then store).
 */
public final class Application implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Application.class);
  private static final Duration PRUNE_AT_MOST_EVERY = Duration.ofSeconds(1);
  private static final Duration PRUNE_AT_LEAST_EVERY = Duration.ofHours(1);
  private static final Duration SWEEP_AT_MOST_EVERY = Duration.ofMillis(50);
  private static final Duration SWEEP_AT_LEAST_EVERY = Duration.ofSeconds(5);

  private final Injector injector;
  private final Core core;
  private final StorageControl storage;
  private final ScheduledExecutorService housekeeping;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Application(Injector injector, Core core, StorageControl storage, CoreSettings settings) {
    this.injector = injector;
    this.storage = storage;
    this.core = core;
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
  }

  /**
   * Assembles the core on the store that {@code storage} binds. {@code more} adds bindings
   * (the HTTP server) or replaces some (the test harness watches the fan-out).
   */
  public static Application start(
      Module storage, CoreSettings settings, PasswordHasher hasher, Clock clock, Module... more) {
    Module base = Modules.combine(storage, new InProcessModule(), new CoreModule(settings, hasher, clock));
    try {
      Injector injector = Guice.createInjector(Modules.override(base).with(more));
      return new Application(
          injector, injector.getInstance(Core.class), injector.getInstance(StorageControl.class), settings);
    } catch (ProvisionException | CreationException e) {
      throw unwrapped(e);
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

  /**
   * A core assembled by hand, without Guice: the test harness does this, since loading
   * Guice is most of a cold start. {@link #get} is then unavailable.
   */
  public static Application of(Core core, StorageControl storage, CoreSettings settings) {
    return new Application(null, core, storage, settings);
  }

  public Core core() {
    return core;
  }

  public StorageControl storage() {
    return storage;
  }

  /** An instance from the Guice assembly (only for applications made by {@link #start}). */
  public <T> T get(Class<T> type) {
    if (injector == null) {
      throw new IllegalStateException("this application was assembled without Guice");
    }
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

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    housekeeping.shutdownNow();
    core.close();
    storage.close();
  }
}
