package io.chatflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A tiny HTTP client for ChatFlow's API in tests: JSON in, status and JSON out. */
public final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  public Api(URI base) {
    this.base = base;
  }

  public record Reply(int status, JsonNode body, String text) {}

  /** The address of {@code path} on this server. */
  public URI uri(String path) {
    return base.resolve(path);
  }

  public Reply get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Reply post(String path, String token, String json) {
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Reply put(String path, String token) {
    return send(request(path, token).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  /** A password-grant request, whatever it answers. */
  public Reply tryLogin(String username, String password) {
    String form = "grant_type=password&username=" + enc(username) + "&password=" + enc(password);
    return send(request("/api/v1/auth/token", null)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /** Logs in with the password grant; returns the access token. */
  public String login(String username, String password) {
    Reply reply = tryLogin(username, password);
    if (reply.status() != 200) {
      throw new AssertionError("login of " + username + " answered " + reply.status() + ": " + reply.text());
    }
    return reply.body().get("access_token").asText();
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode body = text.isEmpty() || !text.strip().startsWith("{") && !text.strip().startsWith("[")
          ? null : JSON.readTree(text);
      return new Reply(response.statusCode(), body, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
