package io.chatflow.adapter.postgres;

import io.chatflow.kit.EventStoreContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresEventStoreTest extends EventStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
