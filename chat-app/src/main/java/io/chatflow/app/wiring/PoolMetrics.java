package io.chatflow.app.wiring;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.chatflow.adapter.postgres.PostgresStores;
import io.chatflow.adapter.sqlite.SqliteStores;
import io.chatflow.ports.out.StorePorts;
import io.micrometer.core.instrument.MeterRegistry;

/** The store's connection pools on /metrics ({@code hikaricp_connections_*}), where the store has pools. */
public final class PoolMetrics {
  private PoolMetrics() {}

  public static void bind(StorePorts store, MeterRegistry registry) {
    MicrometerMetricsTrackerFactory metrics = new MicrometerMetricsTrackerFactory(registry);
    if (store instanceof SqliteStores sqlite) {
      sqlite.trackPools(metrics);
    } else if (store instanceof PostgresStores postgres) {
      postgres.trackPool(metrics);
    }
  }
}
