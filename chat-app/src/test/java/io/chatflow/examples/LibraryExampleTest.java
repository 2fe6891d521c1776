package io.chatflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LibraryExampleTest {
  @Test
  void theReadmeExampleRunsAndBobSeesAlicesMessageLive() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      LibraryExample.run(out);
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("message.created: Alice says Hi Bob!", "#1 Hi Bob!");
  }
}
