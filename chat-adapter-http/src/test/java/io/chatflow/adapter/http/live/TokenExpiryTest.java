package io.chatflow.adapter.http.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.LiveClients;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every live transport ends when the access token it was opened with expires: the authority it had ends there. */
class TokenExpiryTest {
  private static final Duration TTL = Duration.ofSeconds(2);
  private final TestServer api = new TestServer(HttpSettings.defaults().withPort(0).withAccessTokenTtl(TTL),
      LiveSettings.defaults(), u -> u);
  private final TestServer.Person ann = api.person("ann");

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aSocketAuthenticatedEitherWayClosesWith4001WhenItsTokenExpires() throws Exception {
    try (var byQuery = LiveClients.Ws.open(api.client, api.ws("?access_token=" + ann.token()));
        var byFrame = LiveClients.Ws.open(api.client, api.ws(""))) {
      byFrame.send("{\"type\":\"auth\",\"token\":\"" + ann.token() + "\"}");
      api.awaitMetric("chatflow_connected_clients_by_transport{transport=\"websocket\"} 2.0");

      assertThat(byQuery.closed.get(TTL.getSeconds() + 3, TimeUnit.SECONDS)).isEqualTo(4001);
      assertThat(byFrame.closed.get(3, TimeUnit.SECONDS)).isEqualTo(4001);
    }
    api.awaitMetric("chatflow_connected_clients 0.0");
  }

  @Test
  void anEventStreamIsClosedWhenItsTokenExpires() throws Exception {
    try (var stream = LiveClients.Sse.open(api.client, api.server.uri(), ann.token(), "", Map.of())) {
      assertThat(stream.status()).isEqualTo(200);

      stream.ended.get(TTL.getSeconds() + 3, TimeUnit.SECONDS);
    }
    api.awaitMetric("chatflow_connected_clients 0.0");
  }

  @Test
  void aLongPollIsAnswered401WhenItsTokenExpiresBeforeItsWaitEnds() throws Exception {
    String cursor = api.get("/api/v1/events", ann.token()).text("cursor");
    CompletableFuture<TestServer.Res> poll = CompletableFuture.supplyAsync(
        () -> api.get("/api/v1/events?wait=30&after=" + cursor, ann.token()));

    var answered = poll.get(TTL.getSeconds() + 3, TimeUnit.SECONDS);

    assertThat(answered.status()).isEqualTo(401);
    assertThat(answered.header("WWW-Authenticate")).contains("invalid_token");
  }
}
