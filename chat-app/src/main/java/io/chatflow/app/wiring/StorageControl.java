package io.chatflow.app.wiring;

import io.chatflow.adapter.memory.MemoryStores;

/** What the app needs from a store beyond its ports: is it reachable, and closing it on shutdown. */
public interface StorageControl extends AutoCloseable {
  boolean ready();

  @Override
  void close();

  /** The in-memory stores: always reachable; closed, they refuse every call. */
  static StorageControl of(MemoryStores stores) {
    return new StorageControl() {
      @Override
      public boolean ready() {
        return true;
      }

      @Override
      public void close() {
        stores.close();
      }
    };
  }
}
