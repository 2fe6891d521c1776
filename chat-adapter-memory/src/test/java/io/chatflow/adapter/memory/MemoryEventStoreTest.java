package io.chatflow.adapter.memory;

import io.chatflow.kit.EventStoreContract;
import io.chatflow.kit.Stores;

class MemoryEventStoreTest extends EventStoreContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
