package io.chatflow.app.config;

import java.util.List;
import java.util.Map;

/** The typed configuration, the raw value behind each setting, and warnings about ignored input. */
public record LoadedConfig(Config config, Map<Setting, RawValue> values, List<String> warnings) {
  public LoadedConfig {
    values = Map.copyOf(values);
    warnings = List.copyOf(warnings);
  }
}
