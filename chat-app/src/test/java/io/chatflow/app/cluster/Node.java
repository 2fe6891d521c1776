package io.chatflow.app.cluster;

import io.chatflow.app.Server;
import io.chatflow.app.cli.Main;
import io.chatflow.app.config.Config;
import io.chatflow.app.config.ConfigLoader;
import io.chatflow.app.config.Setting;
import io.chatflow.app.platform.Argon2idHasher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ChatFlow node of a test cluster on the database: in this process (its own Application and
 * HttpServer), or a child process that can be killed without a word.
 */
abstract class Node implements AutoCloseable {
  abstract URI uri();

  /** Settings every node of a test cluster gets, on top of the database. */
  static Map<Setting, String> settings(ClusterDatabase db, Map<Setting, String> more) {
    Map<Setting, String> s = new HashMap<>(Map.of(Setting.STORE, "postgres", Setting.DB_URL, db.url,
        Setting.DB_USER, ClusterDatabase.USER, Setting.PORT, "0", Setting.DB_POOL_SIZE, "4",
        // the tests post faster than a person may
        Setting.POST_RATE_PER_USER, "off", Setting.POST_RATE_PER_ADDRESS, "off"));
    s.putAll(more);
    return s;
  }

  /** The configuration a node in {@code dir} reads. */
  static Config config(ClusterDatabase db, Path dir, Map<Setting, String> more) {
    return ConfigLoader.load(dir, Map.of(), Map.of("CHATFLOW_DB_PASSWORD", ClusterDatabase.PASSWORD),
        settings(db, more)).config();
  }

  static Node inProcess(ClusterDatabase db, Path dir, Map<Setting, String> more) {
    Config config = config(db, dir, more);
    Server server = Server.start(config, Argon2idHasher.cheapForTests(), Clock.systemUTC(), false);
    return new Node() {
      @Override
      URI uri() {
        return server.uri();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  static Child child(ClusterDatabase db, Path dir, Map<Setting, String> more) throws Exception {
    Files.createDirectories(dir);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", "--password-hashes=1"));
    settings(db, more).forEach((k, v) -> command.add("--" + k.flag() + "=" + v));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("CHATFLOW_DB_PASSWORD", ClusterDatabase.PASSWORD);
    return new Child(builder.start());
  }

  /** A node in a child process: {@link #kill} ends it abruptly (SIGKILL), no graceful close. */
  static final class Child extends Node {
    private static final Pattern DOCS = Pattern.compile("API docs at (http://\\S+)/docs");
    private final Process process;
    private final URI uri;

    Child(Process process) throws InterruptedException {
      this.process = process;
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread pump = new Thread(() -> {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
          reader.lines().forEach(lines::add);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
          lines.add("(output closed: " + e + ")");
        }
      }, "node-output");
      pump.setDaemon(true);
      pump.start();
      this.uri = awaitDocsUrl(lines);
    }

    private URI awaitDocsUrl(BlockingQueue<String> lines) throws InterruptedException {
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && process.isAlive() || !lines.isEmpty()) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          continue;
        }
        seen.add(line);
        Matcher m = DOCS.matcher(line);
        if (m.find()) {
          return URI.create(m.group(1) + "/");
        }
      }
      process.destroyForcibly();
      throw new AssertionError("the node logged no docs URL; its output was:\n" + String.join("\n", seen));
    }

    @Override
    URI uri() {
      return uri;
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
      kill();
    }
  }
}
