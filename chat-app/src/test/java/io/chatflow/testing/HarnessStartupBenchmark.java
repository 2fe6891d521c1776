package io.chatflow.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long {@code ChatFlowServer.startSeeded()} takes: the first start in a JVM (class
 * loading dominates) and the starts after it. A benchmark, not a test:
 * {@code mvn -q -pl chat-app -am test-compile exec:java@harness-startup}
 */
public final class HarnessStartupBenchmark {
  private HarnessStartupBenchmark() {}

  public static void main(String[] args) {
    long first = startMillis();
    List<Long> later = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      later.add(startMillis());
    }
    Collections.sort(later);
    System.out.printf("harness startSeeded(): first in this JVM %d ms; later starts median %d ms, max %d ms%n",
        first, later.get(later.size() / 2), later.get(later.size() - 1));
  }

  private static long startMillis() {
    long t0 = System.nanoTime();
    try (ChatFlowServer chat = ChatFlowServer.startSeeded()) {
      long elapsed = (System.nanoTime() - t0) / 1_000_000;
      chat.tokenFor("alice");
      return elapsed;
    }
  }
}
