package io.chatflow.adapter.http.limits;

import java.util.Objects;

/** How often one action may happen per user and per client address (an IPv6 /64 is one address). */
public record ActionRates(Rate perUser, Rate perAddress) {
  public ActionRates {
    Objects.requireNonNull(perUser, "perUser");
    Objects.requireNonNull(perAddress, "perAddress");
  }

  public static ActionRates off() {
    return new ActionRates(Rate.OFF, Rate.OFF);
  }
}
