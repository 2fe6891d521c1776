package io.chatflow.adapter.postgres;

import io.chatflow.kit.ThreadsContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresThreadsTest extends ThreadsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
