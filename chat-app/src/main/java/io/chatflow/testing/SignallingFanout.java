package io.chatflow.testing;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.EventFanout;
import java.util.function.Consumer;

/** The real fan-out, firing a {@link Signal} after each delivery so the harness's awaits wake up. */
final class SignallingFanout implements EventFanout {
  private final EventFanout delegate;
  private final Signal signal;

  SignallingFanout(EventFanout delegate, Signal signal) {
    this.delegate = delegate;
    this.signal = signal;
  }

  @Override
  public void publish(Delivery delivery) {
    try {
      delegate.publish(delivery);
    } finally {
      signal.fire();
    }
  }

  @Override
  public Listening listen(UserId user, Consumer<Delivery> listener) {
    return delegate.listen(user, listener);
  }

  @Override
  public int listeners() {
    return delegate.listeners();
  }
}
