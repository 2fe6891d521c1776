package io.chatflow.app.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting ChatFlow reads, with its environment name ({@code CHATFLOW_*}, also the
 * {@code .env} key), its command-line flag, its default and what values it allows.
 */
public enum Setting {
  STORE("store", "sqlite", "sqlite, postgres or memory",
      "Where data lives: an SQLite file, a PostgreSQL database, or memory (gone on exit)."),
  DB("db", "./data/chatflow.db", "a file path", "SQLite database file, relative to the working directory."),
  DB_URL("db-url", "", "a jdbc:postgresql:// URL, or empty",
      "The PostgreSQL database (store postgres; required there), e.g. jdbc:postgresql://localhost:5432/chatflow."),
  DB_USER("db-user", "chatflow", "a non-blank string", "The PostgreSQL user."),
  DB_PASSWORD("db-password", "", "a string, or empty", "The PostgreSQL user's password.", true),
  DB_POOL_SIZE("db-pool-size", "16", "an integer 2..1000",
      "Connections ChatFlow keeps to PostgreSQL: the most statements it runs at once."),
  DB_STATEMENT_TIMEOUT("db-statement-timeout", "10s", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "The longest one PostgreSQL statement may run, lock waits included; then the request gets 503."),
  HOST("host", "127.0.0.1", "a host name or IP address", "Address the HTTP server listens on."),
  PORT("port", "8000", "an integer 0..65535 (0: any free port)", "HTTP port."),
  ACCESS_TOKEN_TTL("access-token-ttl", "15m", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "Lifetime of access tokens (JWT)."),
  SESSION_LIFETIME("session-lifetime", "30d", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "How long a refresh token stays valid without being used."),
  SESSION_MAX_LIFETIME("session-max-lifetime", "30d", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "How long a session lasts at most after its login, however often it is refreshed; then the user logs in again."),
  ISSUER("issuer", "chatflow", "a non-blank string", "The iss claim of access tokens."),
  AUDIENCE("audience", "chatflow", "a non-blank string", "The aud claim of access tokens."),
  SIGNING_KEY("signing-key", "", "a file path, or empty",
      "Token signing key file (private JWK), created on first start. Empty: signing-key.json beside"
          + " the SQLite database (postgres store: the key in the database, shared by every node; memory store:"
          + " a fresh key per start)."),
  SIGNING_KEY_JWK("signing-key-jwk", "", "a private JWK as JSON, or empty",
      "The token signing key itself; when set, the key file is not used.", true),
  PRESENCE_WINDOW("presence-window", "60s", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "A user counts as online this long after their last request."),
  TYPING_EXPIRY("typing-expiry", "6s", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "How long a typing notice lasts."),
  BODY_LIMIT("body-limit", "64KiB", "a size such as 65536, 64KiB or 1MiB (1KiB..16MiB)",
      "Largest request body; larger ones get 413."),
  LOGIN_FAILURES_PER_USERNAME("login-failures-per-username", "10", "an integer 1..1000000",
      "Failed logins per username within the login window; past it, logins for it from a new address are slowed (never refused)."),
  LOGIN_FAILURES_PER_ADDRESS("login-failures-per-address", "100", "an integer 1..1000000",
      "Failed logins allowed per client address within the login window; then 429."),
  TRUSTED_PROXIES("trusted-proxies", "", "IP addresses or CIDR ranges, comma-separated, or empty",
      "Reverse proxies whose X-Forwarded-For names the client for per-address login limits."),
  LOGIN_WINDOW("login-window", "5m", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "How long failed logins count."),
  REGISTER_RATE_PER_ADDRESS("register-rate-per-address", "20/1h", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Registrations one client address may make (an IPv6 /64 is one address); then 429 with Retry-After."),
  POST_RATE_PER_USER("post-rate-per-user", "30/10s", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Messages one user may post; then 429 with Retry-After."),
  POST_RATE_PER_ADDRESS("post-rate-per-address", "300/10s", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Messages one client address may post."),
  EDIT_RATE_PER_USER("edit-rate-per-user", "30/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Message edits one user may make."),
  EDIT_RATE_PER_ADDRESS("edit-rate-per-address", "300/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Message edits one client address may make."),
  REACT_RATE_PER_USER("react-rate-per-user", "60/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Reactions one user may add or remove."),
  REACT_RATE_PER_ADDRESS("react-rate-per-address", "600/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Reactions one client address may add or remove."),
  DELETE_RATE_PER_USER("delete-rate-per-user", "30/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Message deletes one user may make."),
  DELETE_RATE_PER_ADDRESS("delete-rate-per-address", "300/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Message deletes one client address may make."),
  TYPING_RATE_PER_USER("typing-rate-per-user", "20/10s", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Typing notices (HTTP or socket frames) one user may send; a socket gets an error frame."),
  TYPING_RATE_PER_ADDRESS("typing-rate-per-address", "200/10s", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Typing notices one client address may send."),
  MEMBER_ADD_RATE_PER_USER("member-add-rate-per-user", "60/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Members one user may add to conversations."),
  MEMBER_ADD_RATE_PER_ADDRESS("member-add-rate-per-address", "300/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Members one client address may add."),
  CONVERSATION_RATE_PER_USER("conversation-rate-per-user", "20/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Conversations one user may create."),
  CONVERSATION_RATE_PER_ADDRESS("conversation-rate-per-address", "100/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Conversations one client address may create."),
  CHANGE_RATE_PER_USER("change-rate-per-user", "120/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Other writes one user may make: renames, roles, leaving, read markers, password, sessions."),
  CHANGE_RATE_PER_ADDRESS("change-rate-per-address", "600/1m", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Other writes one client address may make."),
  METRICS_ADDRESS("metrics-address", "", "host:port such as 127.0.0.1:9464 (port 0: any free one), or empty",
      "Serve /metrics on this address of its own (and not on the API port). Empty: on the API port, to loopback clients only."),
  METRICS_TOKEN("metrics-token", "", "16..256 characters, or empty",
      "Serve /metrics on the API port to requests with Authorization: Bearer <this token>, from anywhere.", true),
  SHUTDOWN_GRACE("shutdown-grace", "10s", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "How long a stop waits for requests in flight."),
  HTTP_WORKERS("http-workers", "0", "an integer 0..1024 (0: two per CPU core, at least 4)",
      "Threads that run HTTP handlers; waiting clients (long polls, streams) hold none."),
  HEADER_TIMEOUT("header-timeout", "10s", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "A request head not complete this long after its first byte: the connection is closed."),
  BODY_TIMEOUT("body-timeout", "30s", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "A request body not complete this long after its head: 408 and the connection closed."),
  KEEP_ALIVE_TIMEOUT("keep-alive-timeout", "2m", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "A connection with no request in progress for this long is closed."),
  CONNECTIONS_PER_ADDRESS("connections-per-address", "1000", "an integer 1..1000000",
      "Open connections one client address may hold (trusted proxies exempt); more are closed on accept."),
  CONNECTIONS_OVERALL("connections-overall", "60000", "an integer 1..10000000",
      "Open connections of the whole server, streams and sockets included; more are closed on accept."),
  STREAMS_PER_USER("streams-per-user", "16", "an integer 1..100000",
      "Open SSE streams and WebSockets one user may hold; beyond it 429 (a socket closes with 1008)."),
  STREAMS_OVERALL("streams-overall", "50000", "an integer 1..10000000",
      "Open SSE streams and WebSockets of the whole server; beyond it 429 (a socket closes with 1013)."),
  SOCKET_IDLE_TIMEOUT("socket-idle-timeout", "2m", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "A WebSocket with no traffic either way for this long is closed (clients ping to stay open)."),
  SOCKET_FRAME_RATE("socket-frame-rate", "60/10s", "a rate such as 30/10s (at most 30 in any 10 s), or off",
      "Frames one WebSocket may send (pings, typing); past it the socket closes with 1008."),
  ALLOWED_ORIGINS("allowed-origins", "", "origins such as https://app.example.com, comma-separated; * for any; or empty",
      "Web pages on other origins that may open WebSockets; the server's own origin always may."),
  EVENT_RETENTION("event-retention", "7d", "a duration such as 90s, 15m, 12h, 7d or PT15M",
      "How long events stay replayable; older cursors get 410."),
  PASSWORD_HASHES("password-hashes", "0", "an integer 0..1024 (0: one per CPU core)",
      "How many password hashes may run at once (each holds 19 MiB)."),
  SEED_PASSWORD("seed-password", "password", "8..128 characters",
      "Password of the demo users that seed creates (alice, bob, charlie).", true),
  LOG_LEVEL("log-level", "info", "error, warn, info, debug or trace", "How much ChatFlow itself logs.");

  private final String flag;
  private final String defaultValue;
  private final String allowed;
  private final String description;
  private final boolean secret;

  Setting(String flag, String defaultValue, String allowed, String description) {
    this(flag, defaultValue, allowed, description, false);
  }

  Setting(String flag, String defaultValue, String allowed, String description, boolean secret) {
    this.flag = flag;
    this.defaultValue = defaultValue;
    this.allowed = allowed;
    this.description = description;
    this.secret = secret;
  }

  /** Whether {@code chatflow config} masks the value. */
  public boolean secret() {
    return secret;
  }

  /** The environment variable and {@code .env} key, e.g. {@code CHATFLOW_PORT}. */
  public String envName() {
    return "CHATFLOW_" + name();
  }

  /** The command-line flag without dashes, e.g. {@code port} for {@code --port}. */
  public String flag() {
    return flag;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String allowed() {
    return allowed;
  }

  public String description() {
    return description;
  }

  public static Optional<Setting> byEnvName(String envName) {
    return Arrays.stream(values()).filter(s -> s.envName().equals(envName.toUpperCase(Locale.ROOT))).findFirst();
  }
}
