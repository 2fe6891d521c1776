package io.chatflow.adapter.memory;

import io.chatflow.kit.ReactionsContract;
import io.chatflow.kit.Stores;

class MemoryReactionsTest extends ReactionsContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
