package io.chatflow.adapter.postgres;

import io.chatflow.kit.ConversationStoreContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresConversationStoreTest extends ConversationStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
