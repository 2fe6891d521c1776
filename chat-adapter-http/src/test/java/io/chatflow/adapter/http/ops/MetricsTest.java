package io.chatflow.adapter.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void liveClientsAreCountedInTotalAndByTransport() {
    try (Metrics metrics = new Metrics(() -> 3)) {
      metrics.clientConnected("websocket");
      metrics.clientConnected("sse");
      metrics.clientWaiting();
      metrics.clientDisconnected("sse");

      assertThat(metrics.exposition())
          .contains("\nchatflow_connected_clients 2.0\n")
          .contains("\nchatflow_connected_clients_by_transport{transport=\"longpoll\"} 1.0\n")
          .contains("\nchatflow_connected_clients_by_transport{transport=\"sse\"} 0.0\n")
          .contains("\nchatflow_connected_clients_by_transport{transport=\"websocket\"} 1.0\n")
          .contains("\nchatflow_http_open_connections 3.0\n");
    }
  }

  @Test
  void countersKeepTheirNamesAndTheJvmIsMeasured() {
    try (Metrics metrics = new Metrics(() -> 0)) {
      metrics.delivered(5);
      metrics.slowDropped();

      assertThat(metrics.exposition())
          .contains("\nchatflow_events_delivered_total 5.0\n")
          .contains("\nchatflow_slow_clients_dropped_total 1.0\n")
          .contains("\njvm_memory_used_bytes{")
          .contains("\njvm_threads_live_threads ")
          .contains("# TYPE jvm_gc_");
    }
  }
}
