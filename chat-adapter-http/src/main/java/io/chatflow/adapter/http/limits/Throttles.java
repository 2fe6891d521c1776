package io.chatflow.adapter.http.limits;

import io.chatflow.adapter.http.auth.ClientAddresses;
import io.chatflow.ports.in.Counters;
import java.util.EnumMap;
import java.util.Map;

/** One {@link WriteLimit} per action, built once per server from its settings, on the core's counters. */
public final class Throttles {
  private final Map<Action, WriteLimit> limits = new EnumMap<>(Action.class);

  public Throttles(WriteRules rules, ClientAddresses addresses, Counters counters) {
    for (Action action : Action.values()) {
      limits.put(action, new WriteLimit(action, rules.rates(action), addresses, counters));
    }
  }

  public WriteLimit of(Action action) {
    return limits.get(action);
  }
}
