package io.chatflow.adapter.memory;

import io.chatflow.kit.EventsContract;
import io.chatflow.kit.Stores;

class MemoryEventsTest extends EventsContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
