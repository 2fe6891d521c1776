package io.chatflow.adapter.postgres;

import io.chatflow.kit.UserStoreContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresUserStoreTest extends UserStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
