package io.chatflow.adapter.postgres;

import io.chatflow.kit.EventsContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresEventsTest extends EventsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
