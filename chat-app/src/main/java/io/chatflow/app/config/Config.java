package io.chatflow.app.config;

import io.chatflow.adapter.http.ConnectionLimits;
import io.chatflow.adapter.http.MetricsAccess;
import io.chatflow.adapter.http.WriteLimits;
import io.chatflow.adapter.http.limits.Rate;
import io.chatflow.service.CoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The effective configuration, typed and immutable. Read it with {@link ConfigLoader}.
 *
 * @param database the PostgreSQL database, or null unless the store is postgres
 * @param signingKey the key file, or null for the default place (see {@link #signingKeyFile()})
 * @param signingKeyJwk the private key as a JWK (a secret), or null to use the key file
 * @param httpWorkers threads that run HTTP handlers
 * @param connections request timeouts and connection limits against slow and numerous clients
 * @param writeLimits how often each write may happen per user and per client address
 * @param metricsAccess where /metrics is served and to whom (its token is a secret)
 * @param allowedOrigins origins ({@code scheme://host[:port]}, or {@code *}) whose pages may open WebSockets
 * @param passwordHashes how many password hashes may run at once
 * @param seedPassword the password of the demo users (a secret: never printed)
 */
public record Config(
    Store store,
    Path db,
    ServerDatabase database,
    String host,
    int port,
    Duration accessTokenTtl,
    Duration sessionLifetime,
    Duration sessionMaxLifetime,
    String issuer,
    String audience,
    Path signingKey,
    String signingKeyJwk,
    Duration presenceWindow,
    Duration typingExpiry,
    int bodyLimitBytes,
    int loginFailuresPerUsername,
    int loginFailuresPerAddress,
    List<String> trustedProxies,
    Duration loginWindow,
    Duration shutdownGrace,
    int httpWorkers,
    ConnectionLimits connections,
    WriteLimits writeLimits,
    MetricsAccess metricsAccess,
    int streamsPerUser,
    int streamsOverall,
    Duration socketIdleTimeout,
    Rate socketFrameRate,
    List<String> allowedOrigins,
    Duration eventRetention,
    int passwordHashes,
    String seedPassword,
    String logLevel) {

  public Config {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(db, "db");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
    Objects.requireNonNull(sessionLifetime, "sessionLifetime");
    Objects.requireNonNull(sessionMaxLifetime, "sessionMaxLifetime");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(presenceWindow, "presenceWindow");
    Objects.requireNonNull(typingExpiry, "typingExpiry");
    Objects.requireNonNull(loginWindow, "loginWindow");
    trustedProxies = List.copyOf(trustedProxies);
    Objects.requireNonNull(socketIdleTimeout, "socketIdleTimeout");
    Objects.requireNonNull(socketFrameRate, "socketFrameRate");
    allowedOrigins = List.copyOf(allowedOrigins);
    Objects.requireNonNull(eventRetention, "eventRetention");
    Objects.requireNonNull(seedPassword, "seedPassword");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(writeLimits, "writeLimits");
    Objects.requireNonNull(metricsAccess, "metricsAccess");
    Objects.requireNonNull(logLevel, "logLevel");
  }

  @Override
  public String toString() {
    return "Config[store=" + store + ", db=" + db + ", host=" + host + ", port=" + port + "]";
  }

  public CoreSettings coreSettings() {
    CoreSettings defaults = CoreSettings.defaults();
    return new CoreSettings(presenceWindow, sessionLifetime, sessionMaxLifetime, typingExpiry, eventRetention, defaults.deliveryThreads(),
        defaults.feedBacklog(), defaults.deliveryBacklog());
  }

  /** The signing key file, or null when the key is given inline or generated on each start. */
  public Path signingKeyFile() {
    return signingKeyJwk != null ? null : keyFileOfTheData();
  }

  /** Where the data's own key file is (used unless a JWK is given), or null for the memory store. */
  public Path keyFileOfTheData() {
    if (signingKey != null) {
      return signingKey;
    }
    // PostgreSQL: the key is in the database, the same for every node (see keyInDatabase)
    return store == Store.SQLITE ? db.toAbsolutePath().resolveSibling("signing-key.json") : null;
  }

  /** Whether the signing key is the one kept in the database (PostgreSQL, no key or key file given). */
  public boolean keyInDatabase() {
    return store == Store.POSTGRES && signingKeyJwk == null && signingKey == null;
  }
}
