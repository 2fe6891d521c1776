package io.chatflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.app.Api;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Measures {@code ChatFlowServer.startSeeded()}: the first start in the JVM (cold: class
 * loading dominates) and later ones. Run it alone for a true cold number:
 * {@code mvn -q -pl chat-app -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=HarnessStartupTimeTest}
 */
class HarnessStartupTimeTest {
  @Test
  void aSeededServerStartsWellUnderASecond() {
    long cold = startMillis();
    List<Long> warm = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      warm.add(startMillis());
    }
    Collections.sort(warm);
    long median = warm.get(warm.size() / 2);
    System.out.printf("harness startSeeded(): first in this JVM %d ms, then median %d ms%n", cold, median);

    assertThat(median).isLessThan(1000);
  }

  private static long startMillis() {
    long t0 = System.nanoTime();
    try (ChatFlowServer chat = ChatFlowServer.startSeeded()) {
      long elapsed = (System.nanoTime() - t0) / 1_000_000;
      assertThat(new Api(chat.baseUri()).get("/api/v1/users/me", chat.tokenFor("alice")).status()).isEqualTo(200);
      return elapsed;
    }
  }
}
