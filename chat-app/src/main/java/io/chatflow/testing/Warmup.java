package io.chatflow.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.app.platform.Argon2idHasher;
import io.undertow.Undertow;
import org.xnio.Xnio;

/**
 * Cold JVMs spend most of a first start loading classes: this loads the HTTP side, JSON
 * and the password hashing on other threads while the caller's assembles the application.
 */
final class Warmup {
  private Warmup() {}

  static void start() {
    daemon("chatflow-harness-warmup", Argon2idHasher::warmUp);
    daemon("chatflow-harness-io-warmup", Warmup::loadIoClasses);
    daemon("chatflow-harness-json-warmup", ObjectMapper::new);
  }

  private static void loadIoClasses() {
    Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {}).build();
    Xnio.getInstance();
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }
}
