package io.chatflow.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test clients of the live transports: an SSE reader and a WebSocket, both on java.net.http. */
public final class LiveClients {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LiveClients() {}

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An SSE frame as received: its id, event and data lines; a comment line alone is a heartbeat. */
  public record Frame(String id, String event, String data, String comment) {
    public JsonNode json() {
      return LiveClients.json(data);
    }
  }

  /** A stream of /api/v1/events/stream, read on the client's own threads into a queue. */
  public static final class Sse implements AutoCloseable {
    public final HttpResponse<Stream<String>> response;
    public final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    /** Completes when the stream's body ends (the server closed it, or we did). */
    public final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Thread reader;

    private Sse(HttpResponse<Stream<String>> response) {
      this.response = response;
      this.reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      if (response.statusCode() == 200) {
        reader.start();
      }
    }

    public static Sse open(HttpClient client, URI base, String token, String query, Map<String, String> headers) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/events/stream" + query))
          .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
      headers.forEach(request::header);
      try {
        return new Sse(client.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    public int status() {
      return response.statusCode();
    }

    private void read() {
      String id = null;
      String event = null;
      StringBuilder data = null;
      try (Stream<String> lines = response.body()) {
        for (String line : (Iterable<String>) lines::iterator) {
          if (line.isEmpty()) {
            if (data != null) {
              frames.add(new Frame(id, event, data.toString(), null));
            }
            id = null;
            event = null;
            data = null;
          } else if (line.startsWith(":")) {
            frames.add(new Frame(null, null, null, line));
          } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("event:")) {
            event = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
          }
        }
      } catch (UncheckedIOException | IllegalStateException e) {
        // closed by us (perhaps before reading began) or by the server
      } finally {
        ended.complete(null);
      }
    }

    /** The next event frame (heartbeats skipped), or null when none comes within the timeout. */
    public Frame next(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Frame f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (f == null || f.comment() == null) {
          return f;
        }
      }
    }

    @Override
    public void close() {
      response.body().close();
    }
  }

  /** A WebSocket to /api/v1/ws that queues whole text messages and remembers how it closed. */
  public static final class Ws implements WebSocket.Listener, AutoCloseable {
    public final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    public volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final boolean autoRequest;
    public WebSocket socket;

    public Ws(boolean autoRequest) {
      this.autoRequest = autoRequest;
    }

    public static Ws open(HttpClient client, URI uri) {
      return open(client, uri, Map.of(), true);
    }

    public static Ws open(HttpClient client, URI uri, Map<String, String> headers, boolean autoRequest) {
      Ws ws = new Ws(autoRequest);
      WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
      headers.forEach(builder::header);
      ws.socket = builder.buildAsync(uri, ws).join();
      return ws;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      if (autoRequest) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeReason = reason;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(1006);
    }

    public void send(String text) {
      socket.sendText(text, true).join();
    }

    public JsonNode next(Duration timeout) throws InterruptedException {
      String m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return m == null ? null : json(m);
    }

    /** The next frame that is an event of the given type, skipping others (presence, typing). */
    public JsonNode nextOfType(String type, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        JsonNode n = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (n != null && type.equals(n.path("type").asText())) {
          return n;
        }
      }
      return null;
    }

    public int awaitClose() {
      try {
        return closed.get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("the socket did not close", e);
      }
    }

    @Override
    public void close() {
      if (!socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      }
      socket.abort();
    }
  }

  public static List<JsonNode> drain(BlockingQueue<String> q) {
    List<String> all = new ArrayList<>();
    q.drainTo(all);
    return all.stream().map(LiveClients::json).toList();
  }
}
