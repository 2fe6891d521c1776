package io.chatflow.app.cli;

import io.chatflow.app.config.ConfigLoader;
import io.chatflow.app.config.DotEnvFile;
import io.chatflow.app.config.LoadedConfig;
import io.chatflow.app.config.Setting;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** One {@code --flag} per {@link Setting}, added to a command, so flags and settings never drift apart. */
final class ConfigOptions {
  private ConfigOptions() {}

  static void addTo(CommandSpec spec) {
    for (Setting s : Setting.values()) {
      spec.addOption(OptionSpec.builder("--" + s.flag())
          .type(String.class)
          .paramLabel(s.secret() ? "<secret>" : "<value>")
          .description(s.description() + " Allowed: " + s.allowed() + ". Env: " + s.envName()
              + (s.secret() ? "." : ". Default: " + (s.defaultValue().isEmpty() ? "(empty)" : s.defaultValue()) + "."))
          .build());
    }
  }

  static Map<Setting, String> flags(CommandSpec spec) {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      OptionSpec option = spec.findOption("--" + s.flag());
      String value = option == null ? null : option.getValue();
      if (value != null) {
        flags.put(s, value);
      }
    }
    return flags;
  }

  static LoadedConfig load(Context context, CommandSpec spec) {
    return ConfigLoader.load(
        context.workingDir(), DotEnvFile.readIn(context.workingDir()), context.environment(), flags(spec));
  }
}
