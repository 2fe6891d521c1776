package io.chatflow.adapter.postgres;

import io.chatflow.kit.ReactionsContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresReactionsTest extends ReactionsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
