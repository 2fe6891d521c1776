package io.chatflow.adapter.postgres;

import io.chatflow.kit.SessionsContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresSessionsTest extends SessionsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
