package io.chatflow.adapter.postgres;

import io.chatflow.kit.EventsContract;
import io.chatflow.kit.Stores;

/** The events kit with a cluster node's fan-out: woken feeds catch up by shared reads of the log. */
@NeedsPostgres
class PostgresEventsOverBusTest extends EventsContract {
  @Override
  protected Stores newStores() {
    return KitStores.freshOnABus();
  }
}
