package io.chatflow.adapter.memory;

import io.chatflow.kit.MessagingContract;
import io.chatflow.kit.Stores;

class MemoryMessagingTest extends MessagingContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
