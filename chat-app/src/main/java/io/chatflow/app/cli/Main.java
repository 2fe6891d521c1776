package io.chatflow.app.cli;

import io.chatflow.adapter.postgres.PostgresStoreException;
import io.chatflow.adapter.sqlite.SqliteStoreException;
import io.chatflow.app.config.ConfigException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code chatflow} command line. */
@Command(
    name = "chatflow",
    mixinStandardHelpOptions = true,
    version = "ChatFlow 0.1.0",
    description = "A chat backend: HTTP API server, embeddable library and test harness.",
    subcommands = HelpCommand.class,
    footer = {"", "Settings come from defaults, then ./.env, then CHATFLOW_* environment variables, then flags.",
        "See 'chatflow config --help' for every setting."})
public final class Main implements Runnable {
  static final int FAILED = 1;
  static final int CONFIG_ERROR = 2;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    Logging.useChatFlowConfig();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = commandLine(new Context(Path.of("").toAbsolutePath(), System.getenv(), out, err)).execute(args);
    System.exit(code);
  }

  static CommandLine commandLine(Context context) {
    CommandLine line = new CommandLine(new Main());
    line.addSubcommand("run", new RunCommand(context));
    line.addSubcommand("dbsetup", new DbSetupCommand(context));
    line.addSubcommand("seed", new SeedCommand(context));
    line.addSubcommand("config", new ConfigCommand(context));
    line.addSubcommand("rotate-key", new RotateKeyCommand(context));
    for (Map.Entry<String, CommandLine> sub : line.getSubcommands().entrySet()) {
      if (!sub.getKey().equals("help")) {
        ConfigOptions.addTo(sub.getValue().getCommandSpec());
      }
    }
    line.setOut(context.out());
    line.setErr(context.err());
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      int code = FAILED;
      // Guice wraps what a provider throws: the cause, not the wrapping, is what the user must see
      ConfigException config = causeOf(e, ConfigException.class);
      RuntimeException store = causeOf(e, SqliteStoreException.class);
      if (store == null) {
        store = causeOf(e, PostgresStoreException.class);
      }
      BindException bind = causeOf(e, BindException.class);
      UnknownHostException host = causeOf(e, UnknownHostException.class);
      if (config != null) {
        err.println("chatflow: " + config.getMessage());
        code = CONFIG_ERROR;
      } else if (store != null) {
        err.println("chatflow: " + store.getMessage());
      } else if (bind != null) {
        err.println("chatflow: cannot listen: " + bind.getMessage() + (String.valueOf(bind.getMessage()).contains("in use")
            ? " (choose another port with --port or CHATFLOW_PORT)"
            : " (is the host an address of this machine? see --host or CHATFLOW_HOST)"));
      } else if (host != null) {
        err.println("chatflow: cannot listen: unknown host " + host.getMessage() + " (see --host or CHATFLOW_HOST)");
      } else {
        LoggerFactory.getLogger(Main.class).error("command failed", e);
        err.println("chatflow: " + e);
      }
      err.flush();
      return code;
    });
    return line;
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
