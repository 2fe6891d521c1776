package io.chatflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.plumbing.Problems;
import io.chatflow.domain.UnavailableException;
import io.chatflow.ports.in.UseCases;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsApiTest extends ApiTest {
  /** Static files (Swagger UI's, the web client's): not API operations. */
  private static final List<String> SERVED_NOT_DOCUMENTED = List.of("GET /docs/*", "GET /", "GET /app/*");

  @Test
  void theDocumentAndTheRouterListTheSameRoutes() {
    List<String> documented = new ArrayList<>(OpenApiDoc.INSTANCE.operations());
    List<String> served = new ArrayList<>(api.server.routeKeys());
    served.removeAll(SERVED_NOT_DOCUMENTED);

    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void theDocumentIsServedWithThePasswordFlow() {
    var res = api.get("/openapi.json", null);

    assertThat(res.status()).isEqualTo(200);
    assertThat(res.json().get("openapi").asText()).startsWith("3.");
    assertThat(res.json().at("/components/securitySchemes/oauth2/flows/password/tokenUrl").asText())
        .isEqualTo("/api/v1/auth/token");
  }

  @Test
  void healthAndReadiness() {
    assertThat(api.get("/health", null).text("status")).isEqualTo("up");
    assertThat(api.get("/ready", null).status()).isEqualTo(200);
    api.ready.set(false);
    try {
      var res = api.get("/ready", null);
      assertThat(res.status()).isEqualTo(503);
      assertThat(res.text("status")).isEqualTo("unavailable");
    } finally {
      api.ready.set(true);
    }
  }

  @Test
  void metricsCountRequestsByRouteAndStatus() {
    var alice = person("alice");
    api.get("/api/v1/users/me", alice.token());
    api.get("/api/v1/users/me", null);

    var res = api.get("/metrics", null);

    assertThat(res.status()).isEqualTo(200);
    assertThat(res.header("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(res.body())
        .contains("chatflow_http_requests_total{method=\"GET\",route=\"/api/v1/users/me\",status=\"200\"}")
        .contains("chatflow_http_requests_total{method=\"GET\",route=\"/api/v1/users/me\",status=\"401\"}")
        .contains("chatflow_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/users/me\",le=\"+Inf\"}")
        .contains("chatflow_http_open_connections ")
        .contains("chatflow_connected_clients ");
  }

  @Test
  void swaggerUiIsServedCompressedOnOurDocument() throws Exception {
    var redirect = api.get("/docs", null);
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("Location")).isEqualTo("/docs/");

    var index = api.get("/docs/", null);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.body()).contains("swagger-initializer.js");
    var initializer = api.get("/docs/swagger-initializer.js", null);
    assertThat(initializer.body()).contains("url: \"/openapi.json\"").doesNotContain("petstore");

    HttpResponse<byte[]> bundle = api.client.send(
        HttpRequest.newBuilder(URI.create(api.server.uri() + "/docs/swagger-ui-bundle.js"))
            .header("Accept-Encoding", "gzip").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(bundle.body().length).isLessThan(1_000_000);
  }

  @Test
  void unknownPathsAre404AndWrongMethods405AsProblems() {
    var missing = api.get("/api/v1/nothing-here", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");

    var wrongMethod = api.send("DELETE", "/api/v1/users/me", null, null, null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD, PATCH");
  }

  @Test
  void headAnswersLikeGetWithoutTheBodyExceptOnLiveRoutes() {
    var get = api.get("/openapi.json", null);
    var head = api.send("HEAD", "/openapi.json", null, null, null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
    assertThat(head.body()).isEmpty();

    assertThat(api.send("HEAD", "/health", null, null, null).status()).isEqualTo(200);
    assertThat(api.send("HEAD", "/docs/index.html", null, null, null).status()).isEqualTo(200);
    var alice = api.person(unique("alice"));
    assertThat(api.send("HEAD", "/api/v1/users/me", alice.token(), null, null).status()).isEqualTo(200);
    assertThat(api.send("HEAD", "/api/v1/users/me", null, null, null).status()).isEqualTo(401);

    var stream = api.send("HEAD", "/api/v1/events/stream", alice.token(), null, null);
    assertThat(stream.status()).isEqualTo(405);
    assertThat(stream.header("Allow")).isEqualTo("GET");
    assertThat(api.send("HEAD", "/api/v1/ws", null, null, null).status()).isEqualTo(405);
  }

  @Test
  void anUnexpectedFailureIsA500ProblemWithACorrelationIdAndNoStackTrace() {
    var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Problems.class);
    var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    logged.start();
    logger.addAppender(logged);
    try (TestServer failing = new TestServer(HttpSettings.defaults().withPort(0), u -> new UseCases(
        Failing.accounts(u.accounts()), u.sessions(), u.conversations(), u.messaging(), u.presence(), u.events(), u.search(), u.counters()))) {
      var alice = failing.person(unique("alice"));

      var res = failing.get("/api/v1/users/me", alice.token());

      assertThat(res.status()).isEqualTo(500);
      assertThat(res.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(res.text("correlationId")).isNotBlank();
      assertThat(res.body()).doesNotContain("Exception").doesNotContain("at io.");
      assertThat(logged.list).anySatisfy(event -> {
        assertThat(event.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
        assertThat(event.getFormattedMessage()).contains(res.text("correlationId")).contains("the disk caught fire")
            .doesNotContain("\n");
      });
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  void aStoreOutOfReachIs503WithRetryAfter() {
    try (TestServer down = new TestServer(HttpSettings.defaults().withPort(0), u -> new UseCases(
        Failing.accounts(u.accounts(), () -> new UnavailableException("the database is unavailable", Duration.ofMillis(1500))),
        u.sessions(), u.conversations(), u.messaging(), u.presence(), u.events(), u.search(), u.counters()))) {
      var alice = down.person(unique("alice"));

      var res = down.get("/api/v1/users/me", alice.token());

      assertThat(res.status()).isEqualTo(503);
      assertThat(res.header("Retry-After")).isEqualTo("2");
      assertThat(res.text("type")).isEqualTo("urn:chatflow:problem:unavailable");
      assertThat(res.text("detail")).isEqualTo("the database is unavailable");
    }
  }

  @Test
  void tokenResponsesAndProblemsAreNeverHtml() {
    var res = api.send("POST", "/api/v1/auth/register", null, "application/json", "{", Map.of("Accept", "text/html"));
    assertThat(res.header("Content-Type")).isEqualTo("application/problem+json");
  }
}
