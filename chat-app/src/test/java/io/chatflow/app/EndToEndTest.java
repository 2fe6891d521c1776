package io.chatflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.app.config.Config;
import io.chatflow.app.config.ConfigLoader;
import io.chatflow.app.config.Setting;
import io.chatflow.app.config.Store;
import io.chatflow.app.platform.Argon2idHasher;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server as chat-app wires it, once per store choice. */
class EndToEndTest {
  @TempDir Path dir;

  private Server start(Store store, boolean seed) {
    Config config = ConfigLoader.load(dir, Map.of(), Map.of(),
        Map.of(Setting.STORE, store.configName(), Setting.PORT, "0")).config();
    return Server.start(config, Argon2idHasher.cheapForTests(), Clock.systemUTC(), seed);
  }

  @Test
  void memoryStoreServesTheApi() {
    try (Server server = start(Store.MEMORY, false)) {
      Scenario.registerLoginPostAndRead(new Api(server.uri()));
    }
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void sqliteStoreServesTheApiAndKeepsDataAndKeyAcrossRestarts() {
    String conversation;
    try (Server server = start(Store.SQLITE, true)) {
      Api api = new Api(server.uri());
      conversation = Scenario.registerLoginPostAndRead(api);
      assertThat(api.login("alice", "password")).isNotBlank();
      // the store's pools are on /metrics beside the server's own meters
      assertThat(api.get("/metrics", null).text())
          .contains("hikaricp_connections_active{pool=\"chatflow-sqlite-readers\"}")
          .contains("hikaricp_connections_active{pool=\"chatflow-sqlite-writer\"}");
    }
    assertThat(dir.resolve("data/chatflow.db")).exists();
    assertThat(dir.resolve("data/signing-key.json")).exists();

    try (Server again = start(Store.SQLITE, true)) {
      Api api = new Api(again.uri());
      String token = api.login("erik", "long enough pw");
      Api.Reply page = api.get("/api/v1/conversations/" + conversation + "/messages", token);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body().get("items")).hasSize(1);
    }
  }

  @Test
  void streamLimitsAndAllowedOriginsFromTheSettingsHold() throws Exception {
    Config config = ConfigLoader.load(dir, Map.of(), Map.of(), Map.of(Setting.STORE, "memory", Setting.PORT, "0",
        Setting.STREAMS_PER_USER, "1", Setting.ALLOWED_ORIGINS, "https://app.example.com")).config();
    try (Server server = Server.start(config, Argon2idHasher.cheapForTests(), Clock.systemUTC(), true)) {
      String token = new Api(server.uri()).login("alice", "password");
      assertThat(handshake(server, token, "https://evil.example.com")).startsWith("HTTP/1.1 403");
      try (Socket first = new Socket("127.0.0.1", server.port())) {
        assertThat(handshake(first, token, "https://app.example.com")).startsWith("HTTP/1.1 101");
        // once its subscription is up, the socket holds alice's one slot: a stream is refused
        Api api = new Api(server.uri());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!api.get("/metrics", null).text().contains("\nchatflow_connected_clients 1.0\n")
            && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        try (Socket stream = new Socket("127.0.0.1", server.port())) {
          stream.getOutputStream().write(("GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          assertThat(new String(stream.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
              .isEqualTo("HTTP/1.1 429");
        }
      }
    }
  }

  private static String handshake(Server server, String token, String origin) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      return handshake(socket, token, origin);
    }
  }

  /** The status line of a WebSocket handshake from a page on {@code origin}. */
  private static String handshake(Socket socket, String token, String origin) throws Exception {
    socket.getOutputStream().write(("GET /api/v1/ws?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Origin: " + origin + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
  }

  @Test
  void seedingOnStartMakesTheDemoUsersUsable() throws Exception {
    try (Server server = start(Store.MEMORY, true)) {
      Api api = new Api(server.uri());
      String token = api.login("alice", "password");
      Api.Reply list = api.get("/api/v1/conversations", token);
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.body().get("items")).hasSize(3);
      assertThat(api.get("/docs", null).status()).isIn(200, 301, 302, 303, 307, 308);
    }
    assertThat(Files.exists(dir.resolve("data"))).isFalse();
  }

  @Test
  void aPollerLosesNothingAndRepeatsNothingAcrossARestartOnSqlite() {
    String conversation;
    String cursor;
    try (Server server = start(Store.SQLITE, true)) {
      Api api = new Api(server.uri());
      String alice = api.login("alice", "password");
      String bob = api.login("bob", "password");
      String bobId = api.get("/api/v1/users/me", bob).body().get("id").asText();
      conversation = api.post("/api/v1/conversations", alice,
          "{\"kind\":\"group\",\"title\":\"Restart\",\"memberIds\":[\"" + bobId + "\"]}").body().get("id").asText();
      cursor = api.get("/api/v1/events", bob).body().get("cursor").asText();
      api.post("/api/v1/conversations/" + conversation + "/messages", alice, "{\"body\":\"before the restart\"}");
    }
    try (Server again = start(Store.SQLITE, false)) {
      Api api = new Api(again.uri());
      String alice = api.login("alice", "password");
      String bob = api.login("bob", "password");
      api.post("/api/v1/conversations/" + conversation + "/messages", alice, "{\"body\":\"after the restart\"}");

      Api.Reply first = api.get("/api/v1/events?after=" + cursor, bob);
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body().get("events").findValuesAsText("type")).containsExactly("message.created", "message.created");
      assertThat(first.body().get("events").findValues("seq")).extracting(n -> n.asLong()).containsExactly(1L, 2L);
      String next = first.body().get("cursor").asText();
      assertThat(api.get("/api/v1/events?after=" + next, bob).body().get("events")).isEmpty();
    }
  }
}
