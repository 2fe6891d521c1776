package io.chatflow.app.wiring;

/** What the app needs from a store beyond its ports: is it reachable, and closing it on shutdown. */
public interface StorageControl extends AutoCloseable {
  boolean ready();

  @Override
  void close();

  /** For stores that live in this process: always reachable, nothing to close. */
  static StorageControl inProcess() {
    return new StorageControl() {
      @Override
      public boolean ready() {
        return true;
      }

      @Override
      public void close() {}
    };
  }
}
