package io.chatflow.adapter.http.limits;

import io.chatflow.adapter.http.auth.ClientAddresses;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/** One {@link WriteLimit} per action, built once per server from its settings. */
public final class Throttles {
  private final Map<Action, WriteLimit> limits = new EnumMap<>(Action.class);

  public Throttles(WriteRules rules, ClientAddresses addresses, Clock clock) {
    for (Action action : Action.values()) {
      limits.put(action, new WriteLimit(action, rules.rates(action), addresses, clock));
    }
  }

  public WriteLimit of(Action action) {
    return limits.get(action);
  }
}
