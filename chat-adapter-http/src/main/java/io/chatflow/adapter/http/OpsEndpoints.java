package io.chatflow.adapter.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness, readiness, metrics and the OpenAPI document. */
final class OpsEndpoints {
  static final String OPENAPI_RESOURCE = "/io/chatflow/adapter/http/openapi.json";

  private final BooleanSupplier ready;
  private final Metrics metrics;
  private final String openApi = load(OPENAPI_RESOURCE);

  OpsEndpoints(BooleanSupplier ready, Metrics metrics) {
    this.ready = ready;
    this.metrics = metrics;
  }

  Reply health(Call call) {
    return Reply.ok(new Responses.StatusJson("up"));
  }

  Reply ready(Call call) {
    boolean up;
    try {
      up = ready.getAsBoolean();
    } catch (RuntimeException e) {
      up = false;
    }
    return up
        ? Reply.ok(new Responses.StatusJson("ready"))
        : new Reply(503, Reply.JSON, new Responses.StatusJson("unavailable"), Map.of());
  }

  Reply metrics(Call call) {
    return Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.exposition());
  }

  Reply openApi(Call call) {
    return Reply.text(200, Reply.JSON, openApi);
  }

  static String load(String resource) {
    try (InputStream in = OpsEndpoints.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
