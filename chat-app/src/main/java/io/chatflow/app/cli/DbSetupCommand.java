package io.chatflow.app.cli;

import io.chatflow.app.config.Config;
import io.chatflow.app.config.Store;
import io.chatflow.app.wiring.StorageModules;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "dbsetup",
    mixinStandardHelpOptions = true,
    description = "Creates the SQLite database if missing and applies pending schema migrations."
        + " Safe to run any number of times.")
final class DbSetupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  private final Context context;

  DbSetupCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Config config = Commands.configure(context, spec);
    if (config.store() == Store.MEMORY) {
      context.out().println("The memory store has no schema: nothing to set up.");
    } else {
      String done = StorageModules.migrate(config.db());
      context.out().println(done);
    }
    context.out().flush();
    return 0;
  }
}
