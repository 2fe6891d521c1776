package io.chatflow.adapter.postgres;

import io.chatflow.kit.TransactionsContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresTransactionsTest extends TransactionsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
