package io.chatflow.adapter.memory;

import io.chatflow.kit.TransactionsContract;
import io.chatflow.kit.Stores;

class MemoryTransactionsTest extends TransactionsContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
