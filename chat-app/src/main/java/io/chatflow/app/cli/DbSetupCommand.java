package io.chatflow.app.cli;

import io.chatflow.app.config.Config;
import io.chatflow.app.wiring.StoreChoice;
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
    context.out().println(StoreChoice.migrate(config));
    context.out().flush();
    return 0;
  }
}
