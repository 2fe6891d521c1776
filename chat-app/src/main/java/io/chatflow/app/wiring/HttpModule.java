package io.chatflow.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.http.UseCases;
import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.Conversations;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.Messaging;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.Sessions;
import java.time.Clock;
import java.util.function.Supplier;

/** The HTTP adapter: the server over the use cases, its settings and its signing key. */
public final class HttpModule extends AbstractModule {
  private final HttpSettings settings;
  private final LiveSettings live;
  private final Supplier<TokenKeys> keys;

  public HttpModule(HttpSettings settings, LiveSettings live, Supplier<TokenKeys> keys) {
    this.settings = settings;
    this.live = live;
    this.keys = keys;
  }

  @Override
  protected void configure() {
    bind(HttpSettings.class).toInstance(settings);
  }

  @Provides
  @Singleton
  TokenKeys tokenKeys() {
    return keys.get();
  }

  @Provides
  UseCases useCases(
      Accounts accounts, Sessions sessions, Conversations conversations, Messaging messaging, Presence presence,
      Events events) {
    return new UseCases(accounts, sessions, conversations, messaging, presence, events);
  }

  @Provides
  @Singleton
  HttpServer server(UseCases useCases, HttpSettings settings, TokenKeys keys, StorageControl storage, Clock clock) {
    return new HttpServer(useCases, settings, live, keys, storage::ready, clock);
  }
}
