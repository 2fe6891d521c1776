package io.chatflow.adapter.postgres;

import io.chatflow.kit.MessageStoreContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresMessageStoreTest extends MessageStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
