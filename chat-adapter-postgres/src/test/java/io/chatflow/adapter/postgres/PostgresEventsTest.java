package io.chatflow.adapter.postgres;

import io.chatflow.kit.LiveHandOffContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresEventsTest extends LiveHandOffContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
