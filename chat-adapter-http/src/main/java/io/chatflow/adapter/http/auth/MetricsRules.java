package io.chatflow.adapter.http.auth;

/** Who may read /metrics on the API port (the auth package's view of the settings). */
public interface MetricsRules {
  /** Served on a listener of its own, so the API port does not serve it at all. */
  boolean onItsOwnListener();

  /** The bearer token that reads it, or null: loopback clients only. */
  String token();
}
