package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CompleterTest {
  private static WriteJob<Void> failed(String why) {
    WriteJob<Void> job = new WriteJob<>(() -> null);
    job.fail(new IllegalStateException(why));
    return job;
  }

  @Test
  void handedOverBatchesReleaseTheirCallersThenItIsIdleAndStops() throws Exception {
    Completer completer = new Completer();
    assertThat(completer.idle()).isTrue();
    completer.start();
    WriteJob<Void> first = failed("first");
    WriteJob<Void> second = failed("second");
    WriteJob<Void> third = failed("third");
    completer.handOver(List.of(first, second));
    completer.handOver(List.of(third));

    assertThatThrownBy(first::outcome).hasMessage("first");
    assertThatThrownBy(second::outcome).hasMessage("second");
    assertThatThrownBy(third::outcome).hasMessage("third");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!completer.idle()) {
      assertThat(System.nanoTime()).as("idle within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
    completer.stop();
    completer.thread().join();
    assertThat(completer.isCurrentThread()).isFalse();
  }
}
