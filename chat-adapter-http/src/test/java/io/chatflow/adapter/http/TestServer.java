package io.chatflow.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryCounters;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.domain.user.User;
import io.chatflow.kit.MutableClock;
import io.chatflow.kit.RandomIds;
import io.chatflow.kit.TestHasher;
import io.chatflow.ports.in.UseCases;
import io.chatflow.ports.out.StorePorts;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.service.OutPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A real server on an ephemeral port, on the core services over the test stores (memory,
 * or PostgreSQL: {@link TestStores}),
 * and a client whose every response is checked against the OpenAPI document.
 */
public final class TestServer implements AutoCloseable {
  public static final String PASSWORD = "correct horse";
  private static final ObjectMapper JSON = new ObjectMapper();

  public final MutableClock clock = new MutableClock();
  public final TokenKeys keys = TokenKeys.generate();
  public final HttpSettings settings;
  public final AtomicBoolean ready = new AtomicBoolean(true);
  private final StorePorts stores;
  public final Core assembled;
  public final UseCases core;
  public final HttpServer server;
  public final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public TestServer() {
    this(HttpSettings.defaults().withPort(0), u -> u);
  }

  public TestServer(HttpSettings settings, UnaryOperator<UseCases> wrap) {
    this(settings, LiveSettings.defaults(), wrap);
  }

  public TestServer(LiveSettings live) {
    this(HttpSettings.defaults().withPort(0), live, u -> u);
  }

  public TestServer(HttpSettings settings, LiveSettings live, UnaryOperator<UseCases> wrap) {
    this(settings, live, CoreSettings.defaults().withDeliveryThreads(2), wrap);
  }

  public TestServer(HttpSettings settings, LiveSettings live, CoreSettings coreSettings, UnaryOperator<UseCases> wrap) {
    this.settings = settings;
    stores = TestStores.open();
    assembled = new Core(new OutPorts(stores.users(), stores.sessions(), stores.conversations(), stores.messages(),
        stores.events(), stores.search(), stores.transactions(), new MemoryPresence(), new MemoryCounters(), new InProcessFanout(), new InProcessSessionFanout(),
        new TestHasher(),
        new RandomIds(), clock),
        coreSettings);
    core = assembled.useCases();
    server = new HttpServer(wrap.apply(core), settings, live, keys, ready::get, clock).start();
  }

  @Override
  public void close() {
    server.close();
    assembled.close();
    stores.close();
  }

  /** A registered user and an access token of a fresh session. */
  public record Person(User user, String token, String refreshToken) {
    public String id() {
      return user.id().value();
    }
  }

  public Person person(String name) {
    User user = core.accounts().register(name, PASSWORD, null);
    var login = core.sessions().login(name, PASSWORD);
    return new Person(user, server.issueAccessToken(login), login.refreshToken());
  }

  /** A line of /metrics, e.g. {@code chatflow_connected_clients 3.0}, awaited until it shows. */
  public void awaitMetric(String line) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get("/metrics", null).body();
      if (body.contains(line + "\n")) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("metrics never showed " + line + ":\n" + body);
  }

  public URI ws(String query) {
    return URI.create("ws" + server.uri().toString().substring(4) + "/api/v1/ws" + query);
  }

  public Res get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  public Res delete(String path, String token) {
    return send("DELETE", path, token, null, null);
  }

  public Res post(String path, String token, Object json) {
    return send("POST", path, token, "application/json", body(json));
  }

  public Res patch(String path, String token, Object json) {
    return send("PATCH", path, token, "application/json", body(json));
  }

  public Res put(String path, String token, Object json) {
    return send("PUT", path, token, "application/json", body(json));
  }

  public Res form(String path, Map<String, String> fields) {
    return form(path, fields, Map.of());
  }

  public Res form(String path, Map<String, String> fields, Map<String, String> headers) {
    String encoded = fields.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return send("POST", path, null, "application/x-www-form-urlencoded", encoded, headers);
  }

  public Res token(String username, String password) {
    return form("/api/v1/auth/token", Map.of("grant_type", "password", "username", username, "password", password));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String body(Object json) {
    if (json instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Res send(String method, String path, String token, String contentType, String body) {
    return send(method, path, token, contentType, body, Map.of());
  }

  public Res send(String method, String path, String token, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path))
        .timeout(Duration.ofSeconds(70))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    return exchange(method, path, request.build());
  }

  public Res exchange(String method, String path, HttpRequest request) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      Res res = new Res(response);
      OpenApiDoc.INSTANCE.check(method, path, res.status(), res.header("Content-Type"), res.body(), res.jsonOrNull());
      return res;
    } catch (HttpTimeoutException e) {
      // rare in full runs and not reproduced alone: the server's threads at that moment say where it waits
      System.err.println("request timed out: " + method + " " + path + "; the threads now:\n" + threadDump());
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String threadDump() {
    StringBuilder dump = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
      for (StackTraceElement frame : stack) {
        dump.append("    at ").append(frame).append('\n');
      }
    });
    return dump.toString();
  }

  /** A response, with its body as JSON when it is JSON. */
  public record Res(HttpResponse<String> raw) {
    public int status() {
      return raw.statusCode();
    }

    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public JsonNode json() {
      JsonNode node = jsonOrNull();
      if (node == null) {
        throw new AssertionError("not JSON: " + body());
      }
      return node;
    }

    public JsonNode jsonOrNull() {
      String type = header("Content-Type");
      if (type == null || !type.contains("json") || body().isEmpty()) {
        return null;
      }
      try {
        return JSON.readTree(body());
      } catch (IOException e) {
        throw new AssertionError("bad JSON: " + body(), e);
      }
    }

    public String text(String field) {
      return json().get(field).asText();
    }

    @Override
    public String toString() {
      return status() + " " + body();
    }
  }
}
