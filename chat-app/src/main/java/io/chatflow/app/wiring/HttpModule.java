package io.chatflow.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.KeyRing;
import io.chatflow.ports.in.UseCases;
import io.chatflow.ports.out.StorePorts;
import java.time.Clock;
import java.util.function.Supplier;

/** The HTTP adapter: the server over the use cases, its settings and its signing key (not yet listening). */
public final class HttpModule extends AbstractModule {
  private final HttpSettings settings;
  private final LiveSettings live;
  private final Supplier<KeyRing> keys;

  public HttpModule(HttpSettings settings, LiveSettings live, Supplier<KeyRing> keys) {
    this.settings = settings;
    this.live = live;
    this.keys = keys;
  }

  @Provides
  @Singleton
  HttpServer server(UseCases useCases, StorePorts store, Clock clock) {
    return new HttpServer(useCases, settings, live, keys.get(), store::ready, clock);
  }
}
