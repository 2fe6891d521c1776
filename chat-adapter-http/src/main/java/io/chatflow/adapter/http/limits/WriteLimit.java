package io.chatflow.adapter.http.limits;

import io.chatflow.adapter.http.auth.ClientAddresses;
import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Throttle;
import io.chatflow.domain.RateLimitedException;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Counters;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limit of one action: a permit from the user's bucket and one from the address's bucket,
 * or 429 with the longer wait. A permit taken from one bucket is given back when the other
 * refuses, so a refused call costs nothing.
 */
public final class WriteLimit implements Throttle {
  private static final Logger LOG = LoggerFactory.getLogger(WriteLimit.class);

  private final Action action;
  private final Buckets perUser;
  private final Buckets perAddress;
  private final ClientAddresses addresses;

  WriteLimit(Action action, ActionRates rates, ClientAddresses addresses, Counters counters) {
    this.action = action;
    String name = action.name().toLowerCase(Locale.ROOT);
    this.perUser = new Buckets(rates.perUser(), counters, name + ":user:");
    this.perAddress = new Buckets(rates.perAddress(), counters, name + ":address:");
    this.addresses = addresses;
  }

  /** On an authenticated route by user and address; on an open one (register) by address alone. */
  @Override
  public void admit(Call call) {
    String address = addresses.keyOf(call.exchange());
    admit(call.authenticatedUser(), address);
  }

  /** {@code user} may be null (no user yet); {@code addressKey} as {@link ClientAddresses#keyOf} gives it. */
  public void admit(UserId user, String addressKey) {
    String userKey = user == null ? null : user.value();
    Duration userWait = userKey == null ? Duration.ZERO : perUser.take(userKey);
    if (!userWait.isZero()) {
      refuse(userWait, "user " + userKey);
    }
    Duration addressWait = perAddress.take(addressKey);
    if (!addressWait.isZero()) {
      if (userKey != null) {
        perUser.giveBack(userKey);
      }
      refuse(addressWait, "address " + addressKey);
    }
  }

  private void refuse(Duration wait, String who) {
    LOG.info("rate limited: {} of {}, retry after {} ms", action, who, wait.toMillis());
    throw new RateLimitedException("too many " + action.noun() + "; try again later", wait);
  }
}
