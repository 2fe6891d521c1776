package io.chatflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.ChatFlow;
import io.chatflow.domain.user.UserId;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int chatflow(Map<String, String> env, String... args) {
    Context context = new Context(dir, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return Main.commandLine(context).execute(args);
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("run", "dbsetup", "seed", "config", "rotate-key")) {
      out.getBuffer().setLength(0);

      assertThat(chatflow(Map.of(), command, "--help")).as(command).isZero();
      assertThat(out.toString()).as(command).contains("Usage: chatflow " + command).contains("--store=<value>");
    }
    out.getBuffer().setLength(0);
    assertThat(chatflow(Map.of(), "--help")).isZero();
    assertThat(out.toString()).contains("run", "dbsetup", "seed", "config", "rotate-key");
  }

  @Test
  void configPrintsTheEffectiveSettingsFromEverySource() throws Exception {
    Files.writeString(dir.resolve(".env"), "CHATFLOW_PORT=9100\nCHATFLOW_SEED_PASSWORD=topsecret99\n");

    int code = chatflow(Map.of("CHATFLOW_ISSUER", "https://chat.example"), "config", "--store", "memory");

    assertThat(code).isZero();
    assertThat(out.toString())
        .containsPattern("CHATFLOW_STORE +memory +\\(flag\\)")
        .containsPattern("CHATFLOW_PORT +9100 +\\(\\.env\\)")
        .containsPattern("CHATFLOW_ISSUER +https://chat.example +\\(environment\\)")
        .containsPattern("CHATFLOW_SEED_PASSWORD +\\*{8} +\\(\\.env\\)")
        .doesNotContain("topsecret99");
  }

  @Test
  void aWrongSettingStopsWithAMessageNamingItAndTheAllowedValues() {
    int code = chatflow(Map.of(), "run", "--store", "mongodb");

    assertThat(code).isEqualTo(Main.CONFIG_ERROR);
    assertThat(err.toString().strip())
        .isEqualTo("chatflow: CHATFLOW_STORE (--store, from flag): 'mongodb' is not allowed; allowed: sqlite, postgres or memory");
  }

  @Test
  void seedRunsOnTheMemoryStore() {
    int code = chatflow(Map.of(), "seed", "--store", "memory", "--password-hashes", "1");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Seeded users alice, bob, charlie and 4 conversations.");
  }

  @Test
  void rotateKeyWhereTheKeyIsNotInTheDatabaseSaysSoAndTouchesNothing() {
    int code = chatflow(Map.of(), "rotate-key");

    assertThat(code).isEqualTo(Main.CONFIG_ERROR);
    assertThat(err.toString()).contains("signing keys are rotated where they are kept in the database");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void dbsetupHasNothingToDoForMemory() {
    assertThat(chatflow(Map.of(), "dbsetup", "--store=memory")).isZero();
    assertThat(out.toString()).contains("nothing to set up");
  }

  @Test
  void dbsetupCreatesTheSqliteDatabaseAndCanRunAgain() {
    assertThat(chatflow(Map.of(), "dbsetup")).isZero();
    assertThat(chatflow(Map.of(), "dbsetup")).isZero();

    assertThat(dir.resolve("data/chatflow.db")).exists();
    assertThat(out.toString()).contains("Database " + dir.resolve("data/chatflow.db") + " is ready");
  }

  @Test
  void seedOnSqliteIsIdempotent() {
    assertThat(chatflow(Map.of("CHATFLOW_DB", "demo.db"), "seed", "--password-hashes=1")).isZero();
    assertThat(out.toString()).contains("Seeded users alice, bob, charlie and 4 conversations.");
    out.getBuffer().setLength(0);
    assertThat(chatflow(Map.of("CHATFLOW_DB", "demo.db"), "seed", "--password-hashes=1", "--seed-password=other-password")).isZero();

    assertThat(out.toString()).contains("The demo data was already in place: users alice, bob, charlie and 4 conversations; "
        + "nothing added, passwords unchanged.");
    try (ChatFlow chat = ChatFlow.sqlite(dir.resolve("demo.db")).build()) {
      UserId alice = chat.sessions().login("alice", "password").user().id();
      var conversations = chat.conversations().list(alice, null, 50).items();
      assertThat(conversations).hasSize(3);
      assertThat(conversations).extracting(c -> c.conversation().lastSeq()).containsExactlyInAnyOrder(3L, 4L, 2L);
    }
  }

  @Test
  void aTakenPortIsReportedPlainly() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code = chatflow(Map.of(), "run", "--store=memory", "--port=" + taken.getLocalPort());

      assertThat(code).isEqualTo(Main.FAILED);
      assertThat(err.toString().strip()).startsWith("chatflow: cannot listen: ").endsWith("(choose another port with --port or CHATFLOW_PORT)");
    }
  }

  @Test
  void aDatabaseThatCannotBeUsedIsReportedInOneLine() throws Exception {
    Files.writeString(dir.resolve("junk.db"), "not a database at all ".repeat(100));

    int code = chatflow(Map.of(), "run", "--db=junk.db", "--port=0");

    assertThat(code).isEqualTo(Main.FAILED);
    assertThat(err.toString().strip()).isEqualTo("chatflow: " + dir.resolve("junk.db") + " is not a ChatFlow database (not an SQLite file)");
  }

  @Test
  void aSigningKeyFileThatHoldsNoKeyIsASettingError() throws Exception {
    Files.writeString(dir.resolve("key.json"), "{bad");
    Files.setPosixFilePermissions(dir.resolve("key.json"), PosixFilePermissions.fromString("rw-------"));

    int code = chatflow(Map.of(), "run", "--store=memory", "--signing-key=key.json", "--port=0");

    assertThat(code).isEqualTo(Main.CONFIG_ERROR);
    assertThat(err.toString().strip()).startsWith("chatflow: CHATFLOW_SIGNING_KEY (--signing-key): " + dir.resolve("key.json"))
        .doesNotContain("\n");
  }

  @Test
  void theDataDirectoryAndTheDatabaseAreCreatedForTheirOwnerOnly() throws Exception {
    int code = chatflow(Map.of(), "seed");

    assertThat(code).as(err.toString()).isEqualTo(0);
    assertThat(mode(dir.resolve("data"))).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("data/chatflow.db"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("data/chatflow.db-search"))).isEqualTo("rw-------");
  }

  @Test
  void aKeyFileOthersCanReadIsRefusedAtStart() throws Exception {
    Path key = dir.resolve("key.json");
    io.chatflow.adapter.http.TokenKeys.loadOrCreate(key);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    int code = chatflow(Map.of(), "run", "--store=memory", "--signing-key=key.json", "--port=0");

    assertThat(code).isEqualTo(Main.CONFIG_ERROR);
    assertThat(err.toString().strip())
        .startsWith("chatflow: CHATFLOW_SIGNING_KEY (--signing-key): refusing to start: the signing key file " + key)
        .contains("chmod 600").doesNotContain("\n");
  }

  @Test
  void aDotEnvCannotSilentlyReplaceTheSigningKeyOfExistingData() throws Exception {
    assertThat(chatflow(Map.of(), "seed")).as(err.toString()).isEqualTo(0);
    io.chatflow.adapter.http.TokenKeys.loadOrCreate(dir.resolve("data/signing-key.json")); // as the first run makes it
    String planted = io.chatflow.adapter.http.TokenKeys.generate().signingKey().toJSONString();
    Files.writeString(dir.resolve(".env"), "CHATFLOW_SIGNING_KEY_JWK='" + planted + "'\n");

    int code = chatflow(Map.of(), "run", "--port=0");

    assertThat(code).isEqualTo(Main.CONFIG_ERROR);
    assertThat(err.toString().strip()).startsWith("chatflow: refusing to start: CHATFLOW_SIGNING_KEY_JWK is a different key")
        .contains(dir.resolve("data/signing-key.json").toString());
  }

  private static String mode(Path file) throws java.io.IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
