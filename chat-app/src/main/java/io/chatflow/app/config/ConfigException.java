package io.chatflow.app.config;

/** A setting with a value ChatFlow cannot use; the message names the setting and what is allowed. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
