package io.chatflow.app.cli;

import io.chatflow.app.Server;
import io.chatflow.app.config.Config;
import io.chatflow.app.wiring.StoreChoice;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Spec CommandSpec spec;

  @Option(names = "--seed", description = "Seed the demo users and conversations first (see 'chatflow seed').")
  boolean seed;

  private final Context context;

  RunCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    Config config = Commands.configure(context, spec);
    Server server = Server.start(config, Commands.hasher(config), Clock.systemUTC(), seed);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: finishing requests in flight, then closing the store");
      server.close();
      stopped.countDown();
    }, "chatflow-shutdown"));
    String where = StoreChoice.describe(config);
    log.info("ChatFlow serving {} on {}; API docs at {}docs", where, server.uri(), server.uri());
    if (seed) {
      log.info("demo users alice, bob and charlie are in place (password: the seed password)");
    }
    stopped.await();
    return 0;
  }
}
