package io.chatflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The callbacks as JUnit calls them for a class with one {@code @Nested} class. */
class ChatFlowExtensionNestingTest {
  @Test
  void aNestedClassSharesTheOuterServerAndTheLastClassToEndClosesIt() throws Exception {
    ChatFlowExtension chat = ChatFlowExtension.empty();
    chat.beforeAll(null);
    ChatFlowServer outer = chat.server();
    chat.beforeEach(null);
    chat.afterEach(null);

    chat.beforeAll(null); // the nested class starts
    chat.beforeEach(null);
    assertThat(chat.server()).isSameAs(outer);
    chat.afterEach(null);
    chat.afterAll(null); // and ends
    assertThat(chat.server()).isSameAs(outer);

    chat.afterAll(null); // the outer class ends
    assertThatThrownBy(chat::server).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Socket("127.0.0.1", outer.port()).close()).isInstanceOf(ConnectException.class);
  }
}
