package io.chatflow.app.cli;

import io.chatflow.app.config.ConfigPrinter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Prints the effective configuration (defaults < .env < CHATFLOW_* environment < flags),"
        + " with secrets masked, and where each value came from.")
final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  private final Context context;

  ConfigCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.out().print(ConfigPrinter.render(ConfigOptions.load(context, spec)));
    context.out().flush();
    return 0;
  }
}
