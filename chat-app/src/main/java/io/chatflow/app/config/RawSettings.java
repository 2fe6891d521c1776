package io.chatflow.app.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every setting's raw value with its source, the sources laid over each other in order:
 * defaults, {@code .env}, {@code CHATFLOW_*} environment variables, flags. An unknown
 * {@code CHATFLOW_*} key is an error in {@code .env} (ours to fix) and a warning in the
 * environment (which other tools share).
 */
record RawSettings(Map<Setting, RawValue> values, List<String> warnings) {
  private static final String PREFIX = "CHATFLOW_";

  static RawSettings layered(Map<String, String> dotEnv, Map<String, String> environment, Map<Setting, String> flags) {
    Map<Setting, RawValue> values = new EnumMap<>(Setting.class);
    List<String> warnings = new ArrayList<>();
    for (Setting s : Setting.values()) {
      values.put(s, new RawValue(s.defaultValue(), Source.DEFAULT));
    }
    dotEnv.forEach((key, raw) -> {
      if (key.startsWith(PREFIX)) {
        Setting s = Setting.byEnvName(key).orElseThrow(() -> unknown(key));
        values.put(s, new RawValue(raw, Source.DOT_ENV));
      }
    });
    environment.forEach((key, raw) -> {
      if (key.startsWith(PREFIX)) {
        Setting.byEnvName(key).ifPresentOrElse(
            s -> values.put(s, new RawValue(raw, Source.ENVIRONMENT)),
            () -> warnings.add("ignoring unknown environment variable " + key));
      }
    });
    flags.forEach((s, raw) -> {
      if (raw != null) {
        values.put(s, new RawValue(raw, Source.FLAG));
      }
    });
    return new RawSettings(Map.copyOf(values), List.copyOf(warnings));
  }

  private static ConfigException unknown(String key) {
    String known = Arrays.stream(Setting.values()).map(Setting::envName).collect(Collectors.joining(", "));
    return new ConfigException("unknown setting " + key + " in " + DotEnvFile.NAME + "; known settings: " + known);
  }
}
