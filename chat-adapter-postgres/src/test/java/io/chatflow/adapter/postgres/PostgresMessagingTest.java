package io.chatflow.adapter.postgres;

import io.chatflow.kit.MessagingContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresMessagingTest extends MessagingContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
