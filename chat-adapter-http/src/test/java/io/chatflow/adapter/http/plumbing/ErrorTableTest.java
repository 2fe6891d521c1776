package io.chatflow.adapter.http.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.ChatException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorTableTest {
  @Test
  void everyCoreExceptionHasAnEntry() {
    // ChatException is sealed: its permitted subclasses are every kind the core can raise
    Class<?>[] kinds = ChatException.class.getPermittedSubclasses();
    assertThat(kinds).isNotEmpty();
    assertThat(Arrays.stream(kinds).filter(k -> !ErrorTable.maps(k.asSubclass(ChatException.class))))
        .as("core exceptions without an entry").isEmpty();
  }
}
