package io.chatflow.adapter.postgres;

import io.chatflow.kit.AccountsContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresAccountsTest extends AccountsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
