package io.chatflow.adapter.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.ApiTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class WebClientTest extends ApiTest {

  private HttpResponse<byte[]> fetch(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.server.uri() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return api.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void theRootIsThePageRevalidatedOnEveryVisitAndLockedToItsOwnOrigin() throws Exception {
    var page = fetch("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
    assertThat(new String(page.body(), StandardCharsets.UTF_8))
        .contains("<script type=\"module\" src=\"/app/app.js\"></script>");
  }

  @Test
  void assetsAreModulesCachedBrieflyAndGzipped() throws Exception {
    var script = fetch("/app/app.js", "Accept-Encoding", "gzip");

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    assertThat(script.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("max-age=300"));
    assertThat(script.headers().firstValue("Content-Encoding")).contains("gzip");
    String source = new String(new GZIPInputStream(new ByteArrayInputStream(script.body())).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(source).contains("import { Live } from \"./live.js\"");

    assertThat(fetch("/app/style.css").headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
  }

  @Test
  void unknownFilesAndPathsOutsideTheClientAre404Problems() throws Exception {
    for (String path : new String[] {"/app/nothing.js", "/app/", "/app/../io/chatflow/adapter/http/openapi.json",
        "/app/%2e%2e/%2e%2e/logback-test.xml", "/index.html"}) {
      var res = fetch(path);
      assertThat(res.statusCode()).as(path).isEqualTo(404);
      assertThat(res.headers().firstValue("Content-Type")).as(path).contains("application/problem+json");
    }
  }
}
