package io.chatflow.adapter.postgres;

import io.chatflow.kit.MentionsContract;
import io.chatflow.kit.Stores;

@NeedsPostgres
class PostgresMentionsTest extends MentionsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
