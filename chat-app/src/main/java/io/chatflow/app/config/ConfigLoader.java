package io.chatflow.app.config;

import io.chatflow.adapter.http.ConnectionLimits;
import io.chatflow.adapter.http.WriteLimits;
import io.chatflow.adapter.http.limits.Action;
import io.chatflow.adapter.http.limits.Rate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration in this order, each overriding the one before: defaults, the
 * {@code .env} file in the working directory, {@code CHATFLOW_*} environment variables,
 * command-line flags.
 */
public final class ConfigLoader {
  private static final Duration SOCKET_TIMEOUT_MAX = Duration.ofDays(1);
  private ConfigLoader() {}

  /** Reads {@code workingDir/.env} (if present), the process environment and the given flags. */
  public static LoadedConfig load(Path workingDir, Map<Setting, String> flags) {
    return load(workingDir, DotEnvFile.readIn(workingDir), System.getenv(), flags);
  }

  /** The pure form: every source given explicitly. */
  public static LoadedConfig load(
      Path workingDir, Map<String, String> dotEnv, Map<String, String> environment, Map<Setting, String> flags) {
    RawSettings raw = RawSettings.layered(dotEnv, environment, flags);
    return new LoadedConfig(build(workingDir, new TypedSettings(raw.values())), raw.values(), raw.warnings());
  }

  private static Config build(Path workingDir, TypedSettings t) {
    String signingKey = t.raw(Setting.SIGNING_KEY);
    Store store = t.store();
    return new Config(
        store,
        t.path(Setting.DB, workingDir),
        store == Store.POSTGRES ? serverDatabase(t) : null,
        t.host(Setting.HOST),
        t.integer(Setting.PORT, 0, 65535),
        t.duration(Setting.ACCESS_TOKEN_TTL),
        t.duration(Setting.SESSION_LIFETIME),
        t.duration(Setting.SESSION_MAX_LIFETIME),
        t.nonBlank(Setting.ISSUER),
        t.nonBlank(Setting.AUDIENCE),
        signingKey.isEmpty() ? null : t.path(Setting.SIGNING_KEY, workingDir),
        t.jwk(Setting.SIGNING_KEY_JWK),
        t.duration(Setting.PRESENCE_WINDOW),
        t.duration(Setting.TYPING_EXPIRY),
        t.size(Setting.BODY_LIMIT, 1024, 16 * 1024 * 1024),
        t.integer(Setting.LOGIN_FAILURES_PER_USERNAME, 1, 1_000_000),
        t.integer(Setting.LOGIN_FAILURES_PER_ADDRESS, 1, 1_000_000),
        t.addressList(Setting.TRUSTED_PROXIES),
        t.duration(Setting.LOGIN_WINDOW),
        t.duration(Setting.SHUTDOWN_GRACE),
        perCore(t.integer(Setting.HTTP_WORKERS, 0, 1024), Math.max(4, 2 * Runtime.getRuntime().availableProcessors())),
        new ConnectionLimits(t.duration(Setting.HEADER_TIMEOUT, SOCKET_TIMEOUT_MAX),
            t.duration(Setting.BODY_TIMEOUT, SOCKET_TIMEOUT_MAX), t.duration(Setting.KEEP_ALIVE_TIMEOUT, SOCKET_TIMEOUT_MAX), t.integer(Setting.CONNECTIONS_PER_ADDRESS, 1, 1_000_000),
            t.integer(Setting.CONNECTIONS_OVERALL, 1, 10_000_000)),
        writeLimits(t),
        t.metricsAccess(Setting.METRICS_ADDRESS, Setting.METRICS_TOKEN),
        t.integer(Setting.STREAMS_PER_USER, 1, 100_000),
        t.integer(Setting.STREAMS_OVERALL, 1, 10_000_000),
        t.duration(Setting.SOCKET_IDLE_TIMEOUT),
        t.rate(Setting.SOCKET_FRAME_RATE),
        t.origins(Setting.ALLOWED_ORIGINS),
        t.duration(Setting.EVENT_RETENTION),
        perCore(t.integer(Setting.PASSWORD_HASHES, 0, 1024), Runtime.getRuntime().availableProcessors()),
        t.text(Setting.SEED_PASSWORD, 8, 128),
        t.oneOf(Setting.LOG_LEVEL, List.of("error", "warn", "info", "debug", "trace")));
  }

  private static WriteLimits writeLimits(TypedSettings t) {
    return WriteLimits.defaults()
        .with(Action.REGISTER, Rate.OFF, t.rate(Setting.REGISTER_RATE_PER_ADDRESS))
        .with(Action.POST, t.rate(Setting.POST_RATE_PER_USER), t.rate(Setting.POST_RATE_PER_ADDRESS))
        .with(Action.EDIT, t.rate(Setting.EDIT_RATE_PER_USER), t.rate(Setting.EDIT_RATE_PER_ADDRESS))
        .with(Action.DELETE, t.rate(Setting.DELETE_RATE_PER_USER), t.rate(Setting.DELETE_RATE_PER_ADDRESS))
        .with(Action.REACT, t.rate(Setting.REACT_RATE_PER_USER), t.rate(Setting.REACT_RATE_PER_ADDRESS))
        .with(Action.TYPING, t.rate(Setting.TYPING_RATE_PER_USER), t.rate(Setting.TYPING_RATE_PER_ADDRESS))
        .with(Action.ADD_MEMBER, t.rate(Setting.MEMBER_ADD_RATE_PER_USER), t.rate(Setting.MEMBER_ADD_RATE_PER_ADDRESS))
        .with(Action.CREATE_CONVERSATION, t.rate(Setting.CONVERSATION_RATE_PER_USER),
            t.rate(Setting.CONVERSATION_RATE_PER_ADDRESS))
        .with(Action.CHANGE, t.rate(Setting.CHANGE_RATE_PER_USER), t.rate(Setting.CHANGE_RATE_PER_ADDRESS));
  }

  private static ServerDatabase serverDatabase(TypedSettings t) {
    return new ServerDatabase(t.postgresUrl(Setting.DB_URL), t.nonBlank(Setting.DB_USER),
        t.text(Setting.DB_PASSWORD, 0, 1024), t.integer(Setting.DB_POOL_SIZE, 2, 1000), t.duration(Setting.DB_STATEMENT_TIMEOUT));
  }

  /** 0 in a setting means "as many as suit this machine". */
  private static int perCore(int configured, int byCores) {
    return configured == 0 ? byCores : configured;
  }
}
