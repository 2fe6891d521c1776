package io.chatflow.ports.out;

/**
 * What one store adapter contributes: its stores, sharing one {@link Transactions},
 * opened together and closed together.
 */
public interface StorePorts extends AutoCloseable {
  UserStore users();

  SessionStore sessions();

  ConversationStore conversations();

  MessageStore messages();

  EventStore events();

  SearchStore search();

  Transactions transactions();

  /** Whether the store answers now (readiness checks). */
  boolean ready();

  /** Finishes what is under way and lets go of the store; calls after it are refused. */
  @Override
  void close();
}
