package io.chatflow.testing;

import io.chatflow.app.platform.Argon2idHasher;
import io.chatflow.service.CoreSettings;
import java.time.Clock;
import java.util.Objects;

/** How a {@link ChatFlowServer} starts: {@code ChatFlowServer.builder().seeded().port(8080).start()}. */
public final class ChatFlowServerBuilder {
  boolean seeded;
  int port;
  int loginFailures = 1_000;
  Clock clock = Clock.systemUTC();
  CoreSettings core = CoreSettings.defaults();
  private Argon2idHasher hasher;

  ChatFlowServerBuilder() {}

  /** With alice, bob and charlie (password {@value ChatFlowServer#PASSWORD}) and their conversations. */
  public ChatFlowServerBuilder seeded() {
    this.seeded = true;
    return this;
  }

  /** A fixed port instead of a free one. */
  public ChatFlowServerBuilder port(int value) {
    this.port = value;
    return this;
  }

  public ChatFlowServerBuilder clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  public ChatFlowServerBuilder settings(CoreSettings value) {
    this.core = Objects.requireNonNull(value, "settings");
    return this;
  }

  /** Failed logins allowed per username and per address before 429 (default 1000, so tests rarely hit it). */
  public ChatFlowServerBuilder loginFailures(int value) {
    this.loginFailures = value;
    return this;
  }

  Argon2idHasher hasher() {
    if (hasher == null) {
      hasher = Argon2idHasher.cheapForTests();
    }
    return hasher;
  }

  public ChatFlowServer start() {
    return new ChatFlowServer(this);
  }
}
