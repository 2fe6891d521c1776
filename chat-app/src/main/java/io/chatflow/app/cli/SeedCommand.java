package io.chatflow.app.cli;

import io.chatflow.app.config.Config;
import io.chatflow.app.config.Store;
import io.chatflow.app.seed.DemoData;
import io.chatflow.app.wiring.Application;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = "Creates the demo users alice, bob and charlie (password: password, or CHATFLOW_SEED_PASSWORD)"
        + " and a few direct and group conversations with messages. Running it again adds nothing.")
final class SeedCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(SeedCommand.class);
  @Spec CommandSpec spec;
  private final Context context;

  SeedCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Config config = Commands.configure(context, spec);
    if (config.store() == Store.MEMORY) {
      log.warn("the memory store forgets the demo data when this command ends; use 'chatflow run --seed' instead");
    }
    try (Application app = Commands.open(config)) {
      DemoData.Seeded seeded = Commands.seed(app, config);
      String what = "users " + String.join(", ", seeded.users().keySet().stream().sorted().toList())
          + " and " + seeded.conversations().size() + " conversations";
      context.out().println(seeded.added() ? "Seeded " + what + "."
          : "The demo data was already in place: " + what + "; nothing added, passwords unchanged.");
      context.out().flush();
    }
    return 0;
  }
}
