package io.chatflow.adapter.postgres;

import io.chatflow.kit.SessionStoreContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresSessionStoreTest extends SessionStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
