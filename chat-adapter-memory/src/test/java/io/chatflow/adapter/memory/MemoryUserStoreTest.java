package io.chatflow.adapter.memory;

import io.chatflow.kit.UserStoreContract;
import io.chatflow.kit.Stores;

class MemoryUserStoreTest extends UserStoreContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
