package io.chatflow.adapter.memory;

import io.chatflow.kit.SessionsContract;
import io.chatflow.kit.Stores;

class MemorySessionsTest extends SessionsContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
