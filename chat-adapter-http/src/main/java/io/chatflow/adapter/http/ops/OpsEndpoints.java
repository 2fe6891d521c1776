package io.chatflow.adapter.http.ops;

import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.adapter.http.plumbing.Responses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness, readiness, metrics and the OpenAPI document. */
public final class OpsEndpoints {
  public static final String OPENAPI_RESOURCE = "/io/chatflow/adapter/http/openapi.json";

  private final BooleanSupplier ready;
  private final Metrics metrics;
  private final String openApi = load(OPENAPI_RESOURCE);

  public OpsEndpoints(BooleanSupplier ready, Metrics metrics) {
    this.ready = ready;
    this.metrics = metrics;
  }

  public Reply health(Call call) {
    return Reply.ok(new Responses.StatusJson("up"));
  }

  public Reply ready(Call call) {
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

  public Reply metrics(Call call) {
    return Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.exposition());
  }

  public Reply openApi(Call call) {
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
