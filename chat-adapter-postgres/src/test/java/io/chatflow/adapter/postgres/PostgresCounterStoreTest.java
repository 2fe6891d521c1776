package io.chatflow.adapter.postgres;

import io.chatflow.kit.CounterStoreContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresCounterStoreTest extends CounterStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
