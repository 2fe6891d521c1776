package io.chatflow.adapter.http.limits;

/** The rates of each limited action, read from the server's settings. */
public interface WriteRules {
  ActionRates rates(Action action);
}
