package io.chatflow.adapter.memory;

import io.chatflow.kit.ConversationsContract;
import io.chatflow.kit.Stores;

class MemoryConversationsTest extends ConversationsContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
