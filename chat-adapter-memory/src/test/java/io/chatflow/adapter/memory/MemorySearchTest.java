package io.chatflow.adapter.memory;

import io.chatflow.kit.SearchContract;
import io.chatflow.kit.Stores;

class MemorySearchTest extends SearchContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
