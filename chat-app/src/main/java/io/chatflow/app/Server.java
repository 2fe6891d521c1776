package io.chatflow.app;

import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.KeyRing;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.app.config.Config;
import io.chatflow.app.config.ConfigException;
import io.chatflow.app.config.Setting;
import io.chatflow.app.seed.DemoData;
import io.chatflow.app.wiring.Application;
import io.chatflow.app.wiring.HttpModule;
import io.chatflow.app.wiring.PoolMetrics;
import io.chatflow.app.wiring.StoreChoice;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.ports.out.StorePorts;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The standalone server: the application on the configured store, optionally seeded, behind HTTP. */
public final class Server implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Server.class);

  private final Application app;
  private final HttpServer http;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Server(Application app, HttpServer http) {
    this.app = app;
    this.http = http;
  }

  /** Opens (and migrates) the store, seeds the demo data when asked, then starts listening. */
  public static Server start(Config config, PasswordHasher hasher, Clock clock, boolean seed) {
    StorePorts store = StoreChoice.open(config);
    StoredSigningKeys stored;
    KeyRing ring;
    try {
      stored = storedKeys(config, store, clock);
      ring = stored != null ? stored.ring() : KeyRing.of(tokenKeys(config));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    Application app = Application.start(
        store, config.coreSettings(), hasher, clock, new HttpModule(httpSettings(config), liveSettings(config), () -> ring));
    try {
      if (seed) {
        new DemoData(app.useCases()).seed(config.seedPassword());
      }
      HttpServer http = app.get(HttpServer.class).start();
      PoolMetrics.bind(app.store(), http.meterRegistry());
      if (stored != null) {
        app.every(StoredSigningKeys.REFRESH, () -> stored.refreshQuietly(ring));
      }
      return new Server(app, http);
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  /** The keys kept in the store (PostgreSQL, no key or key file given), or null. */
  private static StoredSigningKeys storedKeys(Config c, StorePorts store, Clock clock) {
    if (!c.keyInDatabase() || store.signingKeys().isEmpty()) {
      return null;
    }
    return new StoredSigningKeys(store.signingKeys().get(), clock, c.accessTokenTtl());
  }

  /** Adds a signing key to the store's (PostgreSQL) and removes those no valid token was signed with. */
  public static String rotateKey(Config config, Clock clock) {
    if (!config.keyInDatabase()) {
      throw new ConfigException("signing keys are rotated where they are kept in the database (the postgres store,"
          + " with neither " + Setting.SIGNING_KEY.envName() + " nor " + Setting.SIGNING_KEY_JWK.envName() + " set)");
    }
    try (StorePorts store = StoreChoice.open(config)) {
      StoredSigningKeys.Rotated rotated = storedKeys(config, store, clock).rotate();
      return "Added signing key " + rotated.keyId() + "; every node verifies it within 5 s and signs with it from "
          + rotated.signsFrom() + ". Removed " + rotated.removed() + " key(s) no valid token was signed with.";
    }
  }

  public static HttpSettings httpSettings(Config c) {
    return new HttpSettings(
        c.host(), c.port(), c.bodyLimitBytes(), c.accessTokenTtl(), c.issuer(), c.audience(),
        c.loginFailuresPerUsername(), c.loginFailuresPerAddress(), c.loginWindow(), c.shutdownGrace(),
        c.httpWorkers(), c.trustedProxies(), c.connections(), c.writeLimits()).withMetricsAccess(c.metricsAccess());
  }

  public static LiveSettings liveSettings(Config c) {
    LiveSettings defaults = LiveSettings.defaults();
    return defaults.withStreamLimits(c.streamsPerUser(), c.streamsOverall())
        .withTimeouts(c.socketIdleTimeout(), defaults.authTimeout())
        .withAllowedOrigins(Set.copyOf(c.allowedOrigins()))
        .withClientFrames(c.socketFrameRate());
  }

  /** The configured key, else the key file (created once), else a fresh key for this run. */
  static TokenKeys tokenKeys(Config c) {
    if (c.signingKeyJwk() != null) {
      TokenKeys given = TokenKeys.fromJwk(c.signingKeyJwk());
      requireSameKeyAsTheData(given, c.keyFileOfTheData());
      return given;
    }
    Path file = c.signingKeyFile();
    if (file == null) {
      return TokenKeys.generate();
    }
    try {
      return TokenKeys.loadOrCreate(file);
    } catch (IllegalStateException e) {
      throw new ConfigException(Setting.SIGNING_KEY.envName() + " (--" + Setting.SIGNING_KEY.flag() + "): refusing to start: "
          + e.getMessage());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new ConfigException(Setting.SIGNING_KEY.envName() + " (--" + Setting.SIGNING_KEY.flag() + "): " + file
          + " must hold a private EC JWK, or not exist yet so that one is made (" + e.getMessage() + ")");
    }
  }

  /**
   * A JWK given in the configuration (a .env file, say) must not silently take over from the
   * key the data was signed with: every token issued would stop working, and a planted .env
   * could mint its own. Replacing it is done on purpose, by removing the key file.
   */
  private static void requireSameKeyAsTheData(TokenKeys given, Path keyFile) {
    if (keyFile == null || !Files.exists(keyFile)) {
      return;
    }
    TokenKeys existing;
    try {
      existing = TokenKeys.loadOrCreate(keyFile);
    } catch (IllegalStateException openToOthers) {
      throw new ConfigException("refusing to start: " + openToOthers.getMessage());
    } catch (IllegalArgumentException | UncheckedIOException unreadable) {
      existing = null;
    }
    if (existing == null || !existing.publicJwks().equals(given.publicJwks())) {
      throw new ConfigException("refusing to start: " + Setting.SIGNING_KEY_JWK.envName() + " is a different key from the"
          + " data's own signing key in " + keyFile + "; remove that file to replace the key on purpose, or unset "
          + Setting.SIGNING_KEY_JWK.envName());
    }
  }

  /** The server's root, ending in a slash. */
  public URI uri() {
    String uri = http.uri().toString();
    return URI.create(uri.endsWith("/") ? uri : uri + "/");
  }

  public int port() {
    return http.port();
  }

  public Application app() {
    return app;
  }

  public HttpServer http() {
    return http;
  }

  /** Stops taking requests, finishes those in flight, then closes the core and the store. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      http.close();
    } finally {
      app.close();
    }
    log.info("ChatFlow stopped");
  }
}
