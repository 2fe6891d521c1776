package io.chatflow.adapter.memory;

import io.chatflow.kit.SessionStoreContract;
import io.chatflow.kit.Stores;

class MemorySessionStoreTest extends SessionStoreContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
