package io.chatflow.adapter.memory;

import io.chatflow.kit.MentionsContract;
import io.chatflow.kit.Stores;

class MemoryMentionsTest extends MentionsContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
