package io.chatflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulCloseTest {

  @Test
  void closingAnswersAWaitingLongPollAtOnce() throws Exception {
    TestServer api = new TestServer();
    var alice = api.person("alice");
    String cursor = api.get("/api/v1/events", alice.token()).text("cursor");
    CompletableFuture<HttpResponse<String>> inFlight = api.client.sendAsync(
        HttpRequest.newBuilder(URI.create(api.server.uri() + "/api/v1/events?wait=60&after=" + cursor))
            .header("Authorization", "Bearer " + alice.token()).build(),
        HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!api.get("/metrics", null).body().contains("chatflow_connected_clients 1.0\n") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    long closing = System.nanoTime();
    api.close();

    HttpResponse<String> res = inFlight.get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).contains("\"cursor\":\"" + cursor + "\"");
  }

  @Test
  void closingEndsStreamsAndSocketsAtOnce() throws Exception {
    TestServer api = new TestServer();
    var alice = api.person("alice");
    var sse = LiveClients.Sse.open(api.client, api.server.uri(), alice.token(), "", java.util.Map.of());
    var ws = LiveClients.Ws.open(api.client, api.ws("?access_token=" + alice.token()));
    api.awaitMetric("chatflow_connected_clients 2.0");

    long closing = System.nanoTime();
    api.close();

    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
    assertThat(ws.awaitClose()).isIn(1001, 1006);
    sse.close();
  }
}
