package io.chatflow.adapter.memory;

import io.chatflow.kit.AccountsContract;
import io.chatflow.kit.Stores;

class MemoryAccountsTest extends AccountsContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }
}
