package io.chatflow.app.cli;

import io.chatflow.app.Server;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "rotate-key",
    mixinStandardHelpOptions = true,
    description = "Adds a new access-token signing key to the database (the postgres store). Every node verifies"
        + " it at once and signs with it after six minutes; tokens signed with older keys keep working until they"
        + " expire, and keys replaced longer ago than a token lives are removed. Nobody is logged out.")
final class RotateKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  private final Context context;

  RotateKeyCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.out().println(Server.rotateKey(Commands.configure(context, spec), Clock.systemUTC()));
    context.out().flush();
    return 0;
  }
}
