package io.chatflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.service.CoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attacks with raw sockets: stalled bodies, unfinished heads, too many connections from one address. */
class SlowClientsTest {
  private static final int STALLED = 300;
  private final List<Socket> sockets = new ArrayList<>();
  private TestServer api;

  private void start(ConnectionLimits limits) {
    api = new TestServer(HttpSettings.defaults().withPort(0).withWorkerThreads(4).withConnections(limits),
        LiveSettings.defaults(), CoreSettings.defaults().withDeliveryThreads(2), u -> u);
  }

  @AfterEach
  void close() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void hundredsOfStalledBodiesAndHeadsLeaveLoginAndPostingPrompt() throws Exception {
    start(ConnectionLimits.defaults().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(30)));
    var alice = api.person("alice");
    var bob = api.person("bob");
    String id = api.post("/api/v1/conversations", alice.token(), Map.of("kind", "direct", "memberIds", List.of(bob.id())))
        .text("id");
    for (int i = 0; i < STALLED; i++) {
      Socket s = connect(InetAddress.getLoopbackAddress());
      String path = i % 2 == 0 ? "/api/v1/conversations/" + id + "/messages" : "/api/v1/auth/token";
      if (i % 3 == 0) {
        send(s, "POST " + path + " HTTP/1.1\r\nHost: x\r\nX-Half: "); // the head never finishes
      } else {
        send(s, "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice.token()
            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"bo"); // the body stalls
      }
    }

    long start = System.nanoTime();
    assertThat(api.token("alice", TestServer.PASSWORD).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "still here"))
        .status()).isEqualTo(201);
    assertThat(api.get("/health", null).status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

    for (int i = 0; i < STALLED; i++) {
      String answer = readUntilClosed(sockets.get(i), Duration.ofSeconds(10));
      if (i % 3 == 0) {
        assertThat(answer).isEmpty();
      } else {
        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close").contains("request-timeout");
      }
    }
  }

  @Test
  void connectionsOverThePerAddressLimitAreRefusedWhileAnotherAddressIsServed() throws Exception {
    start(ConnectionLimits.defaults().withCounts(20, 1000));
    InetAddress attacker = InetAddress.getByName("127.0.0.2");
    for (int i = 0; i < 20; i++) {
      holdAdmitted(connect(attacker));
    }
    Socket over = connect(attacker);
    assertThat(readUntilClosed(over, Duration.ofSeconds(5))).isEmpty();
    api.awaitMetric("chatflow_http_connections_refused_total 1.0");

    Socket other = connect(InetAddress.getByName("127.0.0.3"));
    send(other, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(readUntilClosed(other, Duration.ofSeconds(5))).startsWith("HTTP/1.1 200 ");
    assertThat(api.get("/health", null).status()).isEqualTo(200);

    sockets.get(0).close(); // a freed slot takes the next connection from that address
    awaitServed(attacker);
  }

  @Test
  void theOverallLimitRefusesEveryAddress() throws Exception {
    start(ConnectionLimits.defaults().withCounts(100, 5));
    for (int i = 0; i < 5; i++) {
      holdAdmitted(connect(InetAddress.getByName("127.0.0." + (10 + i))));
    }
    assertThat(readUntilClosed(connect(InetAddress.getByName("127.0.0.20")), Duration.ofSeconds(5))).isEmpty();
  }

  /** One answered request, then the connection stays open: it is surely admitted and counted. */
  private static void holdAdmitted(Socket s) throws IOException {
    send(s, "HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n");
    s.setSoTimeout(5000);
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("closed before answering: " + head);
      }
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200 ");
  }

  private void awaitServed(InetAddress from) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      Socket s = connect(from);
      send(s, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      if (readUntilClosed(s, Duration.ofSeconds(5)).startsWith("HTTP/1.1 200 ")) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("never served from " + from + " again");
  }

  private Socket connect(InetAddress from) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(from, 0));
    s.connect(new InetSocketAddress("127.0.0.1", api.server.port()), 5000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Everything the server sends until it closes the connection; fails if it does not close in time. */
  private static String readUntilClosed(Socket s, Duration within) throws IOException {
    s.setSoTimeout((int) within.toMillis());
    InputStream in = s.getInputStream();
    try {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection within " + within);
    } catch (IOException reset) {
      return ""; // a reset is a close too
    }
  }
}
