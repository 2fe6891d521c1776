package io.chatflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
  @Test
  void theCoresSystemLoggerLinesReachTheSameLogAsEverythingElse() {
    Logger slf4j = (Logger) LoggerFactory.getLogger("io.chatflow.service.LoggingProbe");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    slf4j.addAppender(seen);
    try {
      System.getLogger("io.chatflow.service.LoggingProbe").log(System.Logger.Level.WARNING, "event=probe n={0}", 7);
    } finally {
      slf4j.detachAppender(seen);
    }

    assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("event=probe n=7");
  }
}
