package io.chatflow.adapter.memory;

import io.chatflow.kit.MessageStoreContract;
import io.chatflow.kit.Stores;

class MemoryMessageStoreTest extends MessageStoreContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
