package io.chatflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.app.Api;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatflow run} in its own JVM: it serves, logs the docs URL, and stops cleanly on SIGTERM. */
class RunCommandProcessTest {
  private static final Pattern DOCS = Pattern.compile("API docs at (http://\\S+)/docs");
  @TempDir Path dir;

  @Test
  void servesTheSeededApiAndStopsGracefullyOnSigterm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", "--store=memory", "--port=0", "--seed", "--password-hashes=1")
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        reader.lines().forEach(lines::add);
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        lines.add("(output closed: " + e + ")");
      }
    });
    pump.start();
    try {
      URI base = awaitDocsUrl(lines);
      Api api = new Api(base);

      assertThat(api.get("/api/v1/users/me", api.login("alice", "password")).status()).isEqualTo(200);

      // Process.destroy() would close our end of its output; a plain SIGTERM leaves it readable.
      assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor()).isZero();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      pump.join(5_000);
      List<String> rest = new ArrayList<>();
      lines.drainTo(rest);
      assertThat(String.join("\n", rest)).contains("stopping: finishing requests in flight").contains("ChatFlow stopped");
      assertThat(process.exitValue()).isEqualTo(143);
    } finally {
      process.destroyForcibly();
    }
  }

  private static URI awaitDocsUrl(BlockingQueue<String> lines) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
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
    throw new AssertionError("no docs URL logged; output was:\n" + String.join("\n", seen));
  }
}
