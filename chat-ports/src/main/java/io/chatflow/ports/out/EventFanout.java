package io.chatflow.ports.out;

import io.chatflow.domain.user.UserId;
import java.util.function.Consumer;

/** Live delivery of committed (and ephemeral) events to connected listeners. */
public interface EventFanout {
  /** Hands the delivery to every current listener of its recipients; never blocks. */
  void publish(Delivery delivery);

  /** Listens for deliveries to {@code user} until the returned handle is closed. */
  Listening listen(UserId user, Consumer<Delivery> listener);

  /** How many listeners are connected now. */
  int listeners();

  /** An open listener; closing it twice does nothing. */
  interface Listening extends AutoCloseable {
    @Override
    void close();
  }
}
