package io.chatflow.adapter.sqlite;

import io.chatflow.kit.MentionsContract;
import io.chatflow.kit.Stores;

class SqliteMentionsTest extends MentionsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
