package io.chatflow.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Serves the HTTP API, Swagger UI at /docs and the events. Migrates the database first;"
        + " stops gracefully on SIGTERM or Ctrl-C.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--seed", description = "Seed the demo users and conversations first (see 'chatflow seed').")
  boolean seed;

  private final Context context;

  RunCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Commands.configure(context, spec);
    throw new UnsupportedOperationException("the HTTP adapter is not on main yet");
  }
}
