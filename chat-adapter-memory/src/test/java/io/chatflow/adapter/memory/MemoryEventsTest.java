package io.chatflow.adapter.memory;

import io.chatflow.kit.LiveHandOffContract;
import io.chatflow.kit.Stores;

class MemoryEventsTest extends LiveHandOffContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
