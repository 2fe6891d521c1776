package io.chatflow.adapter.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.MetricsAccess;
import io.chatflow.adapter.http.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /metrics tells outsiders too much: loopback clients only, a bearer token, or an address of its own. */
class MetricsAccessTest {
  private static final String TOKEN = "scrape-me-0123456789";

  @Test
  void byDefaultOnlyLoopbackClientsReadIt() {
    try (TestServer api = new TestServer(HttpSettings.defaults().withPort(0).withTrustedProxies(List.of("127.0.0.1")),
        u -> u)) {
      assertThat(api.get("/metrics", null).status()).isEqualTo(200);

      var forwarded = api.send("GET", "/metrics", null, null, null, Map.of("X-Forwarded-For", "203.0.113.9"));

      assertThat(forwarded.status()).isEqualTo(403);
      assertThat(forwarded.text("detail")).contains("loopback");
    }
  }

  @Test
  void withATokenItTakesTheToken() {
    try (TestServer api = new TestServer(HttpSettings.defaults().withPort(0)
        .withMetricsAccess(MetricsAccess.withToken(TOKEN)), u -> u)) {
      assertThat(api.get("/metrics", null).status()).isEqualTo(401);
      assertThat(api.get("/metrics", "not-the-token").status()).isEqualTo(401);

      var scraped = api.get("/metrics", TOKEN);

      assertThat(scraped.status()).isEqualTo(200);
      assertThat(scraped.body()).contains("chatflow_connected_clients");
    }
  }

  @Test
  void onAnAddressOfItsOwnTheApiPortDoesNotServeIt() throws Exception {
    try (TestServer api = new TestServer(HttpSettings.defaults().withPort(0)
        .withMetricsAccess(MetricsAccess.separate("127.0.0.1", 0)), u -> u)) {
      assertThat(api.get("/metrics", null).status()).isEqualTo(404);

      int port = api.server.metricsPort();
      var scraped = api.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(port).isNotEqualTo(api.server.port());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body()).contains("chatflow_http_requests_total");
      assertThat(scraped.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      var other = api.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/users/me")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(other.statusCode()).isEqualTo(404);
    }
  }
}
