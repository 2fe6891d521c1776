package io.chatflow.adapter.http;

import io.chatflow.adapter.http.limits.Action;
import io.chatflow.adapter.http.limits.ActionRates;
import io.chatflow.adapter.http.limits.Rate;
import io.chatflow.adapter.http.limits.WriteRules;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How often each write may happen, per user and per client address. Every action has rates;
 * {@link Rate#OFF} lifts one.
 */
public record WriteLimits(Map<Action, ActionRates> rates) implements WriteRules {
  public WriteLimits {
    EnumMap<Action, ActionRates> all = new EnumMap<>(Action.class);
    all.putAll(rates);
    for (Action a : Action.values()) {
      if (!all.containsKey(a)) {
        throw new IllegalArgumentException("no rates for " + a);
      }
    }
    rates = Map.copyOf(all);
  }

  public static WriteLimits defaults() {
    Map<Action, ActionRates> r = new EnumMap<>(Action.class);
    r.put(Action.REGISTER, new ActionRates(Rate.OFF, Rate.of(20, Duration.ofHours(1))));
    r.put(Action.POST, rates(30, 300, Duration.ofSeconds(10)));
    r.put(Action.EDIT, rates(30, 300, Duration.ofMinutes(1)));
    r.put(Action.DELETE, rates(30, 300, Duration.ofMinutes(1)));
    r.put(Action.REACT, rates(60, 600, Duration.ofMinutes(1)));
    r.put(Action.TYPING, rates(20, 200, Duration.ofSeconds(10)));
    r.put(Action.ADD_MEMBER, rates(60, 300, Duration.ofMinutes(1)));
    r.put(Action.CREATE_CONVERSATION, rates(20, 100, Duration.ofMinutes(1)));
    r.put(Action.CHANGE, rates(120, 600, Duration.ofMinutes(1)));
    return new WriteLimits(r);
  }

  /** Every limit lifted (benchmarks, trusted single-tenant set-ups). */
  public static WriteLimits off() {
    Map<Action, ActionRates> r = new EnumMap<>(Action.class);
    for (Action a : Action.values()) {
      r.put(a, ActionRates.off());
    }
    return new WriteLimits(r);
  }

  public WriteLimits with(Action action, Rate perUser, Rate perAddress) {
    Map<Action, ActionRates> r = new EnumMap<>(rates);
    r.put(action, new ActionRates(perUser, perAddress));
    return new WriteLimits(r);
  }

  @Override
  public ActionRates rates(Action action) {
    return rates.get(action);
  }

  private static ActionRates rates(int perUser, int perAddress, Duration per) {
    return new ActionRates(Rate.of(perUser, per), Rate.of(perAddress, per));
  }
}
