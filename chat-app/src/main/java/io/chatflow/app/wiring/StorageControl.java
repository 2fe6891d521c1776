package io.chatflow.app.wiring;

/** What the app needs from a store beyond its ports: is it reachable, and closing it on shutdown. */
public interface StorageControl extends AutoCloseable {
  boolean ready();

  @Override
  void close();
}
