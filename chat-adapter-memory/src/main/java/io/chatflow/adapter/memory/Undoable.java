package io.chatflow.adapter.memory;

import java.util.Map;

/** Map changes that the current write can undo. */
final class Undoable {
  private final MemoryTransactions transactions;

  Undoable(MemoryTransactions transactions) {
    this.transactions = transactions;
  }

  <K, V> void put(Map<K, V> map, K key, V value) {
    V old = map.get(key);
    transactions.onRollback(() -> restore(map, key, old));
    map.put(key, value);
  }

  <K, V> void remove(Map<K, V> map, K key) {
    V old = map.get(key);
    transactions.onRollback(() -> restore(map, key, old));
    map.remove(key);
  }

  void onRollback(Runnable undo) {
    transactions.onRollback(undo);
  }

  private static <K, V> void restore(Map<K, V> map, K key, V old) {
    if (old == null) {
      map.remove(key);
    } else {
      map.put(key, old);
    }
  }
}
