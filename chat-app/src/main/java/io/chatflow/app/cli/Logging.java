package io.chatflow.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The CLI's logging: logback with ChatFlow's own configuration file. */
final class Logging {
  static final String CONFIG_PROPERTY = "logback.configurationFile";

  private Logging() {}

  /** Must run before the first logger is created. */
  static void useChatFlowConfig() {
    if (System.getProperty(CONFIG_PROPERTY) == null) {
      System.setProperty(CONFIG_PROPERTY, "chatflow-logback.xml");
    }
  }

  static void level(String level) {
    if (LoggerFactory.getLogger("io.chatflow") instanceof Logger logger) {
      logger.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
