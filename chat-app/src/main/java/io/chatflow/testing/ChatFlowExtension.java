package io.chatflow.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension around a {@link ChatFlowServer}. As a static field it starts one
 * server for the class and resets it before each test; as an instance field, a server per
 * test. {@code @Nested} classes share their outer class's server. With
 * {@code @ExtendWith(ChatFlowExtension.class)} the server is seeded and test methods or
 * constructors can take a {@code ChatFlowServer} parameter. A class's tests that share its
 * server must not run concurrently (JUnit's default); for concurrent tests, use an instance
 * field: a server per test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static ChatFlowExtension chat = ChatFlowExtension.seeded();
 *
 * @Test
 * void postsAMessage() {
 *   String token = chat.server().tokenFor("alice");
 *   ...
 * }
 * }</pre>
 */
public final class ChatFlowExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {
  private final ChatFlowServerBuilder builder;
  private ChatFlowServer server;
  private boolean perClass;
  private boolean used;
  private int classes; // the class and its @Nested classes now running

  /** Seeded, for {@code @ExtendWith}. */
  public ChatFlowExtension() {
    this(ChatFlowServer.builder().seeded());
  }

  public ChatFlowExtension(ChatFlowServerBuilder builder) {
    this.builder = builder;
  }

  /** With alice, bob and charlie and their conversations. */
  public static ChatFlowExtension seeded() {
    return new ChatFlowExtension(ChatFlowServer.builder().seeded());
  }

  /** With no users. */
  public static ChatFlowExtension empty() {
    return new ChatFlowExtension(ChatFlowServer.builder());
  }

  /** The running server; valid inside tests and their before/after methods. */
  public ChatFlowServer server() {
    if (server == null) {
      throw new IllegalStateException("the ChatFlow server runs only while a test of this class runs");
    }
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (classes++ == 0) {
      server = builder.start();
      perClass = true;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      server = builder.start();
    } else if (used) {
      server.reset();
    }
    used = true;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (--classes == 0) {
      stop();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ChatFlowServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (server == null) {
      server = builder.start();
    }
    return server;
  }

  private void stop() {
    if (server != null) {
      server.close();
      server = null;
      used = false;
    }
  }
}
