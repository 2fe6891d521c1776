package io.chatflow.app.config;

/** Where ChatFlow keeps its data. */
public enum Store {
  SQLITE,
  POSTGRES,
  MEMORY;

  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
