package io.chatflow.adapter.memory;

import io.chatflow.kit.ConversationStoreContract;
import io.chatflow.kit.Stores;

class MemoryConversationStoreTest extends ConversationStoreContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
