package io.chatflow.adapter.postgres;

import io.chatflow.kit.SearchContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresSearchTest extends SearchContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
