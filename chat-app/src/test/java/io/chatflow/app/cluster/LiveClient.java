package io.chatflow.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber on one transport (long poll, SSE or WebSocket) that keeps every event it gets
 * (cursor and seq of each message.created) and the last cursor, so it can resume elsewhere.
 */
abstract class LiveClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A message.created as it arrived: its event id and the message's seq. */
  record Got(long id, long seq) {}

  final List<Got> messages = new ArrayList<>();
  /** The type of every event, in arrival order. */
  final List<String> types = new ArrayList<>();
  volatile String cursor;
  /** Set when the transport ended (the server closed it, or it failed). */
  final CompletableFuture<Integer> ended = new CompletableFuture<>();

  LiveClient(String cursor) {
    this.cursor = cursor;
  }

  synchronized List<Got> messages() {
    return List.copyOf(messages);
  }

  synchronized int count() {
    return messages.size();
  }

  /** Keeps one event (JSON text); anything that is not an event (a pong) is ignored. */
  final void got(String text) {
    JsonNode event;
    try {
      event = JSON.readTree(text);
    } catch (IOException e) {
      return;
    }
    if (event.hasNonNull("id")) {
      cursor = event.get("id").asText();
    }
    synchronized (this) {
      types.add(event.path("type").asText());
      notifyAll();
    }
    if ("message.created".equals(event.path("type").asText())) {
      synchronized (this) {
        messages.add(new Got(Long.parseLong(event.get("id").asText()), event.get("data").get("seq").asLong()));
        notifyAll();
      }
    }
  }

  /** Waits until an event of {@code type} arrived; false when none did within the time. */
  synchronized boolean awaitType(String type, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!types.contains(type)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Waits until {@code n} messages arrived; false when they did not within the time. */
  synchronized boolean awaitCount(int n, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (messages.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  static LiveClient longPoll(URI node, String token, String cursor) {
    return new LongPoll(node, token, cursor).start();
  }

  static LiveClient sse(URI node, String token, String cursor) {
    return new Sse(node, token, cursor).start();
  }

  static LiveClient socket(URI node, String token, String cursor) {
    return new Socket(node, token, cursor).start();
  }

  private static final class LongPoll extends LiveClient {
    private final URI node;
    private final String token;
    private volatile boolean closed;
    private Thread thread;

    LongPoll(URI node, String token, String cursor) {
      super(cursor);
      this.node = node;
      this.token = token;
    }

    LongPoll start() {
      thread = new Thread(this::poll, "long-poll");
      thread.setDaemon(true);
      thread.start();
      return this;
    }

    private void poll() {
      try {
        while (!closed) {
          HttpRequest request = HttpRequest.newBuilder(node.resolve("/api/v1/events?wait=5&after=" + cursor))
              .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(15)).build();
          HttpResponse<String> reply = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
          if (reply.statusCode() != 200) {
            ended.complete(reply.statusCode());
            return;
          }
          JsonNode body = JSON.readTree(reply.body());
          for (JsonNode event : body.get("events")) {
            got(event.toString());
          }
          cursor = body.get("cursor").asText();
        }
      } catch (IOException | RuntimeException e) {
        ended.complete(-1);
      } catch (InterruptedException e) {
        ended.complete(-1);
      }
    }

    @Override
    public void close() {
      closed = true;
      thread.interrupt();
    }
  }

  private static final class Sse extends LiveClient {
    private final URI node;
    private final String token;
    private volatile java.io.InputStream body;

    Sse(URI node, String token, String cursor) {
      super(cursor);
      this.node = node;
      this.token = token;
    }

    Sse start() {
      HttpRequest request = HttpRequest.newBuilder(node.resolve("/api/v1/events/stream?after=" + cursor))
          .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
      CompletableFuture<HttpResponse<java.io.InputStream>> opened =
          HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
      HttpResponse<java.io.InputStream> reply = opened.join();
      if (reply.statusCode() != 200) {
        throw new AssertionError("SSE answered " + reply.statusCode());
      }
      body = reply.body();
      Thread reader = new Thread(this::read, "sse");
      reader.setDaemon(true);
      reader.start();
      return this;
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith("data:")) {
            got(line.substring(5).strip());
          }
        }
        ended.complete(0);
      } catch (IOException | RuntimeException e) {
        ended.complete(-1);
      }
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  private static final class Socket extends LiveClient implements WebSocket.Listener {
    private final URI node;
    private final String token;
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger frames = new AtomicInteger();
    private WebSocket socket;

    Socket(URI node, String token, String cursor) {
      super(cursor);
      this.node = node;
      this.token = token;
    }

    Socket start() {
      URI ws = URI.create(node.toString().replaceFirst("^http", "ws")).resolve("/api/v1/ws?after=" + cursor);
      socket = HTTP.newWebSocketBuilder().buildAsync(ws, this).join();
      socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true);
      return this;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        got(partial.toString());
        partial.setLength(0);
        frames.incrementAndGet();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      ended.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      ended.complete(-1);
    }

    @Override
    public void close() {
      socket.abort();
    }
  }
}
