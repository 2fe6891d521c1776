package io.chatflow.adapter.postgres;

import io.chatflow.kit.ConversationsContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresConversationsTest extends ConversationsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
