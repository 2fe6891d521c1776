package io.chatflow.adapter.http;

import io.chatflow.adapter.http.auth.ClientAddresses;
import io.chatflow.adapter.http.auth.LoginRules;
import io.chatflow.adapter.http.auth.TokenRules;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP server listens and issues tokens.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param bodyLimitBytes largest request body accepted; larger ones get 413
 * @param accessTokenTtl lifetime of an access token
 * @param issuer the {@code iss} of access tokens
 * @param audience the {@code aud} of access tokens
 * @param loginFailuresPerUsername failed logins allowed per username within {@code loginWindow}
 * @param loginFailuresPerAddress failed logins allowed per client address within {@code loginWindow}
 * @param loginWindow how long failed logins count
 * @param shutdownGrace how long {@code close()} waits for requests in flight
 * @param workerThreads threads that run handlers (blocking storage work). Waiting clients hold
 *     none, and storage calls are short, so a few per core do; more only queue on the store's locks
 * @param trustedProxies reverse proxies (IP addresses or CIDR ranges) whose {@code X-Forwarded-For}
 *     names the client for per-address login limits (and whose connections count only
 *     toward the overall connection limit); empty: the peer is the client
 * @param connections request timeouts and connection limits against slow and numerous clients
 * @param writeLimits how often each write may happen per user and per client address
 * @param metricsAccess where /metrics is served and to whom
 */
public record HttpSettings(
    String host,
    int port,
    int bodyLimitBytes,
    Duration accessTokenTtl,
    String issuer,
    String audience,
    int loginFailuresPerUsername,
    int loginFailuresPerAddress,
    Duration loginWindow,
    Duration shutdownGrace,
    int workerThreads,
    List<String> trustedProxies,
    ConnectionLimits connections,
    WriteLimits writeLimits,
    MetricsAccess metricsAccess) implements TokenRules, LoginRules {

  public HttpSettings {
    trustedProxies = List.copyOf(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    ClientAddresses.trusting(trustedProxies); // refuses an entry that is not an address or range
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(loginWindow, "loginWindow");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(writeLimits, "writeLimits");
    Objects.requireNonNull(metricsAccess, "metricsAccess");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port);
    }
    if (bodyLimitBytes < 1) {
      throw new IllegalArgumentException("bodyLimitBytes must be positive: " + bodyLimitBytes);
    }
    if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
      throw new IllegalArgumentException("accessTokenTtl must be positive: " + accessTokenTtl);
    }
    if (workerThreads < 1) {
      throw new IllegalArgumentException("workerThreads must be positive: " + workerThreads);
    }
    if (loginFailuresPerUsername < 1 || loginFailuresPerAddress < 1) {
      throw new IllegalArgumentException("login failure limits must be positive");
    }
  }

  /** With the default connection limits. */
  public HttpSettings(String host, int port, int bodyLimitBytes, Duration accessTokenTtl, String issuer,
      String audience, int loginFailuresPerUsername, int loginFailuresPerAddress, Duration loginWindow,
      Duration shutdownGrace, int workerThreads, List<String> trustedProxies) {
    this(host, port, bodyLimitBytes, accessTokenTtl, issuer, audience, loginFailuresPerUsername,
        loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies, ConnectionLimits.defaults(),
        WriteLimits.defaults(), MetricsAccess.loopbackOnly());
  }

  public static HttpSettings defaults() {
    return new HttpSettings(
        "127.0.0.1", 8080, 64 * 1024, Duration.ofMinutes(15), "chatflow", "chatflow",
        10, 100, Duration.ofMinutes(5), Duration.ofSeconds(10),
        Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), List.of(), ConnectionLimits.defaults(),
        WriteLimits.defaults(), MetricsAccess.loopbackOnly());
  }

  public HttpSettings withHost(String newHost) {
    return new HttpSettings(newHost, port, bodyLimitBytes, accessTokenTtl, issuer, audience,
        loginFailuresPerUsername, loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies, connections, writeLimits, metricsAccess);
  }

  public HttpSettings withPort(int newPort) {
    return new HttpSettings(host, newPort, bodyLimitBytes, accessTokenTtl, issuer, audience,
        loginFailuresPerUsername, loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies, connections, writeLimits, metricsAccess);
  }

  public HttpSettings withBodyLimit(int bytes) {
    return new HttpSettings(host, port, bytes, accessTokenTtl, issuer, audience,
        loginFailuresPerUsername, loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies, connections, writeLimits, metricsAccess);
  }

  public HttpSettings withAccessTokenTtl(Duration ttl) {
    return new HttpSettings(host, port, bodyLimitBytes, ttl, issuer, audience,
        loginFailuresPerUsername, loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies, connections, writeLimits, metricsAccess);
  }

  public HttpSettings withWorkerThreads(int threads) {
    return new HttpSettings(host, port, bodyLimitBytes, accessTokenTtl, issuer, audience,
        loginFailuresPerUsername, loginFailuresPerAddress, loginWindow, shutdownGrace, threads, trustedProxies, connections, writeLimits, metricsAccess);
  }

  public HttpSettings withTrustedProxies(List<String> proxies) {
    return new HttpSettings(host, port, bodyLimitBytes, accessTokenTtl, issuer, audience,
        loginFailuresPerUsername, loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, proxies, connections, writeLimits, metricsAccess);
  }

  public HttpSettings withLoginLimits(int perUsername, int perAddress, Duration window) {
    return new HttpSettings(host, port, bodyLimitBytes, accessTokenTtl, issuer, audience,
        perUsername, perAddress, window, shutdownGrace, workerThreads, trustedProxies, connections, writeLimits, metricsAccess);
  }

  /** With the connection limits given, the write limits at their defaults. */
  public HttpSettings(String host, int port, int bodyLimitBytes, Duration accessTokenTtl, String issuer,
      String audience, int loginFailuresPerUsername, int loginFailuresPerAddress, Duration loginWindow,
      Duration shutdownGrace, int workerThreads, List<String> trustedProxies, ConnectionLimits connections) {
    this(host, port, bodyLimitBytes, accessTokenTtl, issuer, audience, loginFailuresPerUsername,
        loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies, connections,
        WriteLimits.defaults(), MetricsAccess.loopbackOnly());
  }

  /** With the given write limits, /metrics for loopback clients. */
  public HttpSettings(String host, int port, int bodyLimitBytes, Duration accessTokenTtl, String issuer,
      String audience, int loginFailuresPerUsername, int loginFailuresPerAddress, Duration loginWindow,
      Duration shutdownGrace, int workerThreads, List<String> trustedProxies, ConnectionLimits connections,
      WriteLimits writeLimits) {
    this(host, port, bodyLimitBytes, accessTokenTtl, issuer, audience, loginFailuresPerUsername,
        loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies, connections,
        writeLimits, MetricsAccess.loopbackOnly());
  }

  public HttpSettings withMetricsAccess(MetricsAccess access) {
    return new HttpSettings(host, port, bodyLimitBytes, accessTokenTtl, issuer, audience,
        loginFailuresPerUsername, loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies,
        connections, writeLimits, access);
  }

  public HttpSettings withWriteLimits(WriteLimits limits) {
    return new HttpSettings(host, port, bodyLimitBytes, accessTokenTtl, issuer, audience,
        loginFailuresPerUsername, loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies,
        connections, limits, metricsAccess);
  }

  public HttpSettings withConnections(ConnectionLimits limits) {
    return new HttpSettings(host, port, bodyLimitBytes, accessTokenTtl, issuer, audience,
        loginFailuresPerUsername, loginFailuresPerAddress, loginWindow, shutdownGrace, workerThreads, trustedProxies,
        limits, writeLimits, metricsAccess);
  }
}
