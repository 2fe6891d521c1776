package io.chatflow.app.cli;

import io.chatflow.app.config.Config;
import io.chatflow.app.config.LoadedConfig;
import io.chatflow.app.config.Setting;
import io.chatflow.app.config.Source;
import io.chatflow.app.platform.Argon2idHasher;
import io.chatflow.app.seed.DemoData;
import io.chatflow.app.wiring.Application;
import io.chatflow.app.wiring.StoreChoice;
import java.time.Clock;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/** What the commands share: reading the configuration and opening the application on it. */
final class Commands {
  private Commands() {}

  static Config configure(Context context, CommandSpec spec) {
    LoadedConfig loaded = ConfigOptions.load(context, spec);
    if (loaded.values().get(Setting.LOG_LEVEL).source() != Source.DEFAULT) {
      Logging.level(loaded.config().logLevel());
    }
    loaded.warnings().forEach(w -> LoggerFactory.getLogger(Commands.class).warn(w));
    return loaded.config();
  }

  static Argon2idHasher hasher(Config config) {
    return new Argon2idHasher(Argon2idHasher.Params.OWASP, config.passwordHashes());
  }

  static Application open(Config config) {
    return Application.start(
        StoreChoice.open(config), config.coreSettings(), hasher(config), Clock.systemUTC());
  }

  static DemoData.Seeded seed(Application app, Config config) {
    return new DemoData(app.useCases()).seed(config.seedPassword());
  }
}
