package io.chatflow.adapter.memory;

import io.chatflow.kit.ThreadsContract;
import io.chatflow.kit.Stores;

class MemoryThreadsTest extends ThreadsContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
