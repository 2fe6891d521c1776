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

  /**
   * The bus between the processes that share this store, for a store that several processes
   * may share (PostgreSQL); empty for one that only this process uses, whose live events stay
   * in-process.
   */
  default java.util.Optional<ClusterBus> bus() {
    return java.util.Optional.empty();
  }

  /**
   * Presence kept with the data, for a store several processes share: a user is online when
   * connected to any of them. Empty: presence stays in-process.
   */
  default java.util.Optional<PresenceStore> presence() {
    return java.util.Optional.empty();
  }

  /** Limit counters kept with the data, for a store several processes share; empty: in-process. */
  default java.util.Optional<CounterStore> counters() {
    return java.util.Optional.empty();
  }

  /** The signing key kept with the data, for a store several processes share; empty otherwise. */
  default java.util.Optional<SigningKeyStore> signingKeys() {
    return java.util.Optional.empty();
  }

  /** Whether the store answers now (readiness checks). */
  boolean ready();

  /** Finishes what is under way and lets go of the store; calls after it are refused. */
  @Override
  void close();
}
