package io.chatflow.adapter.http.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The client side of the live benchmark (run it pinned to the other core): M members
 * of one conversation connected over WebSocket or SSE, P of them posting in a closed
 * loop (one post in flight each). Every message body carries its send time
 * (System.nanoTime is the machine's monotonic clock, the same in both JVMs), so each
 * receipt gives a delivery latency; each client checks its seqs for gaps and repeats.
 * Modes: {@code ws} (raw WebSockets on one selector thread), {@code jdkws} (java.net.http
 * WebSockets, heavier on the driver), {@code sse}; {@code idle} opens idle WebSockets instead
 * and reports how many the server holds.
 */
public final class LiveBenchDriver {
  private static final long BUCKET_NANOS = 10_000; // 10 µs latency resolution up to 2 s
  private static final int BUCKETS = 200_000;
  // Receipts are counted by phase (0 warm-up, 1 measured, 2 after) through the same code in every
  // phase: a branch first taken when measuring starts would deoptimise the reader at that moment.
  private static final AtomicLongArray[] LATENCY = {
      new AtomicLongArray(BUCKETS), new AtomicLongArray(BUCKETS), new AtomicLongArray(BUCKETS)};
  private static final LongAdder[] DELIVERED = {new LongAdder(), new LongAdder(), new LongAdder()};
  private static volatile int phase;
  private static volatile long measuredFrom;
  private static volatile long measuredTo;
  // per measured post (by seq): its send time and its first and last receipt
  private static final int MAX_SEQ = 1 << 20;
  private static final AtomicLongArray SENT = new AtomicLongArray(MAX_SEQ);
  private static final AtomicLongArray FIRST = new AtomicLongArray(MAX_SEQ);
  private static final AtomicLongArray LAST = new AtomicLongArray(MAX_SEQ);

  public static void main(String[] args) throws Exception {
    String mode = System.getProperty("bench.mode", "ws");
    int posters = Integer.getInteger("bench.posters", 4);
    int seconds = Integer.getInteger("bench.seconds", 10);
    int warmup = Integer.getInteger("bench.warmup", 3);
    List<String> setup = Files.readAllLines(Path.of(System.getProperty("bench.setup", "target/live-bench-setup.txt")));
    long serverPid = Long.parseLong(setup.get(0));
    int port = Integer.parseInt(setup.get(1));
    String conversation = setup.get(2);
    String warmUpConversation = setup.get(3);
    List<String> tokens = setup.subList(4, setup.size());
    if (mode.equals("idle")) {
      idle(serverPid, port, tokens.get(0), Integer.getInteger("bench.idle", 15_000));
      return;
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Member> members = new ArrayList<>();
    RawSockets raw = mode.equals("ws") ? new RawSockets() : null;
    for (String token : tokens) {
      Member m = new Member();
      members.add(m);
      if (mode.equals("sse")) {
        m.sse(client, port, token);
      } else if (mode.equals("jdkws")) {
        m.ws(client, port, token);
      } else {
        raw.add(handshake(port, token), m);
      }
    }
    if (raw != null) {
      Thread reader = new Thread(raw, "ws-reader");
      reader.setDaemon(true);
      reader.start();
    }
    awaitConnected(client, port, tokens.size());

    warmUpPosts(client, port, warmUpConversation, tokens, Integer.getInteger("bench.warmPosts", 20_000));
    AtomicBoolean posting = new AtomicBoolean(true);
    LongAdder posts = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < posters; p++) {
      String token = tokens.get(p);
      Thread t = new Thread(() -> post(client, port, conversation, token, posting, posts), "poster-" + p);
      t.start();
      threads.add(t);
    }
    Thread.sleep(warmup * 1000L);
    long cpu0 = cpuTicks(serverPid);
    long own0 = cpuTicks(ProcessHandle.current().pid());
    long posts0 = posts.sum();
    long t0 = System.nanoTime();
    measuredFrom = t0;
    phase = 1;
    Thread.sleep(seconds * 1000L);
    phase = 2;
    measuredTo = System.nanoTime();
    double elapsed = (measuredTo - t0) / 1e9;
    long cpu1 = cpuTicks(serverPid);
    long own1 = cpuTicks(ProcessHandle.current().pid());
    long posted = posts.sum() - posts0;
    long delivered = DELIVERED[1].sum();
    posting.set(false);
    for (Thread t : threads) {
      t.join();
    }
    long totalPosts = posts.sum();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && members.stream().anyMatch(m -> m.distinct() < totalPosts)) {
      Thread.sleep(50);
    }
    long lost = 0;
    long duplicated = 0;
    for (Member m : members) {
      lost += totalPosts - m.distinct();
      duplicated += m.duplicates;
    }
    double cpuSeconds = (cpu1 - cpu0) / 100.0;
    System.out.printf(Locale.ROOT,
        "%s M=%d P=%d %ds: posts/s %.0f | deliveries/s %.0f | latency ms p50 %.2f p95 %.2f p99 %.2f | lost %d dup %d"
            + " | server CPU µs/delivery %.1f (%.2f cores) | server peak RSS %d MiB | driver %.2f cores%n",
        mode, tokens.size(), posters, seconds, posted / elapsed, delivered / elapsed,
        percentile(0.50), percentile(0.95), percentile(0.99), lost, duplicated,
        cpuSeconds * 1e6 / Math.max(1, delivered), cpuSeconds / elapsed, peakRssMib(serverPid),
        (own1 - own0) / 100.0 / elapsed);
    printPerPost();
    System.exit(0);
  }

  /**
   * Posts {@code count} messages from 4 threads to a small conversation first. At M=1000 posts come
   * about 80 a second, so without this the post path reached the optimising compiler only after
   * about 100 s, and C2 compiling it took the server's one core for up to 13 ms at a time in the
   * measured window. Bodies start with "w": receipts of them are not counted.
   */
  private static void warmUpPosts(HttpClient client, int port, String conversation, List<String> tokens, int count)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    LongAdder done = new LongAdder();
    for (int t = 0; t < 4; t++) {
      String token = tokens.get(1 + t % Math.min(7, tokens.size() - 1));
      Thread thread = new Thread(() -> {
        while (done.sum() < count && postOnce(client, port, conversation, token, "w", done)) {
          // next
        }
      }, "warm-up-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private static void post(HttpClient client, int port, String conversation, String token, AtomicBoolean posting,
      LongAdder posts) {
    while (posting.get()) {
      if (!postOnce(client, port, conversation, token, "t", posts)) {
        return;
      }
    }
  }

  /** One post whose body is {@code prefix} and the send time; false when interrupted. */
  private static boolean postOnce(HttpClient client, int port, String conversation, String token, String prefix,
      LongAdder posts) {
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/conversations/" + conversation + "/messages");
    String body = "{\"body\":\"" + prefix + System.nanoTime() + "\"}";
    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> res = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() == 201) {
        posts.increment();
      } else {
        System.err.println("post answered " + res.statusCode() + " " + res.body());
      }
    } catch (IOException e) {
      System.err.println("post failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  /** One connected member: the seqs it got, and how many it got twice. */
  private static final class Member implements WebSocket.Listener {
    private final BitSet seqs = new BitSet();
    private final StringBuilder partial = new StringBuilder();
    volatile long duplicates;
    private volatile int distinct;

    int distinct() {
      return distinct;
    }

    void ws(HttpClient client, int port, String token) {
      client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/ws?access_token=" + token), this)
          .join();
    }

    void sse(HttpClient client, int port, String token) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events/stream"))
          .header("Authorization", "Bearer " + token).build();
      client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(res -> {
        Thread reader = new Thread(() -> {
          try (Stream<String> lines = res.body()) {
            lines.forEach(line -> {
              if (line.startsWith("data:")) {
                received(line);
              }
            });
          }
        });
        reader.setDaemon(true);
        reader.start();
      });
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (last && partial.length() == 0) {
        received(data);
      } else {
        partial.append(data);
        if (last) {
          received(partial);
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }

    /** Reads just the seq and the send time out of an event, without a full JSON parse. */
    void received(CharSequence text) {
      long now = System.nanoTime();
      String s = text.toString();
      int body = s.indexOf("\"body\":\"t");
      if (body < 0 || !s.contains("\"message.created\"")) {
        return; // not a measured message (the warm-up's begin with "w")
      }
      int at = body + 9;
      long sent = Long.parseLong(s, at, s.indexOf('"', at), 10);
      int q = s.indexOf("\"seq\":") + 6;
      int end = q;
      while (Character.isDigit(s.charAt(end))) {
        end++;
      }
      int seq = Integer.parseInt(s, q, end, 10);
      synchronized (this) {
        if (seqs.get(seq)) {
          duplicates++;
          return;
        }
        seqs.set(seq);
        distinct++;
      }
      int p = phase;
      DELIVERED[p].increment();
      LATENCY[p].incrementAndGet((int) Math.min(BUCKETS - 1, (now - sent) / BUCKET_NANOS));
      int slot = seq & (MAX_SEQ - 1);
      SENT.set(slot, sent);
      FIRST.accumulateAndGet(slot, now, (a, b) -> a == 0 ? b : Math.min(a, b));
      LAST.accumulateAndGet(slot, now, Math::max);
    }
  }

  /**
   * Many WebSockets read by one selector thread: the driver's own cost per delivery must stay
   * well below the server's, or the driver is what gets measured. Server frames are unmasked;
   * Undertow sends each event as one text frame.
   */
  private static final class RawSockets implements Runnable {
    private final java.nio.channels.Selector selector;

    RawSockets() throws IOException {
      selector = java.nio.channels.Selector.open();
    }

    void add(SocketChannel channel, Member member) throws IOException {
      channel.configureBlocking(false);
      channel.register(selector, java.nio.channels.SelectionKey.OP_READ, new Framing(member));
    }

    @Override
    public void run() {
      try {
        while (true) {
          selector.select();
          for (var key : selector.selectedKeys()) {
            Framing f = (Framing) key.attachment();
            if (((SocketChannel) key.channel()).read(f.buffer) < 0) {
              key.cancel();
              continue;
            }
            f.frames();
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException e) {
        System.err.println("reader stopped: " + e);
      }
    }
  }

  /** Cuts one connection's bytes into frames. */
  private static final class Framing {
    final Member member;
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    Framing(Member member) {
      this.member = member;
    }

    void frames() {
      buffer.flip();
      while (buffer.remaining() >= 2) {
        int start = buffer.position();
        int opcode = buffer.get(start) & 0x0f;
        int len = buffer.get(start + 1) & 0x7f;
        int header = 2;
        if (len == 126) {
          if (buffer.remaining() < 4) {
            break;
          }
          len = buffer.getShort(start + 2) & 0xffff;
          header = 4;
        } else if (len == 127) {
          if (buffer.remaining() < 10) {
            break;
          }
          len = (int) buffer.getLong(start + 2);
          header = 10;
        }
        if (buffer.remaining() < header + len) {
          if (header + len > buffer.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(header + len);
            bigger.put(buffer);
            buffer = bigger;
            return;
          }
          break;
        }
        if (opcode == 1) {
          member.received(new String(buffer.array(), start + header, len, StandardCharsets.ISO_8859_1));
        }
        buffer.position(start + header + len);
      }
      buffer.compact();
    }
  }

  private static SocketChannel handshake(int port, String token) throws IOException {
    SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    c.write(ByteBuffer.wrap(("GET /api/v1/ws?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer in = ByteBuffer.allocate(1);
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      in.clear();
      if (c.read(in) < 0) {
        throw new IOException("closed during the handshake");
      }
      head.append((char) in.get(0));
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("refused: " + head);
    }
    return c;
  }

  /** Splits the latency of each post into its way to the first receipt and the spread of its fan-out. */
  private static void printPerPost() {
    List<Long> first = new ArrayList<>();
    List<Long> spread = new ArrayList<>();
    for (int seq = 0; seq < MAX_SEQ; seq++) {
      if (SENT.get(seq) >= measuredFrom && SENT.get(seq) < measuredTo) {
        first.add(FIRST.get(seq) - SENT.get(seq));
        spread.add(LAST.get(seq) - FIRST.get(seq));
      }
    }
    String dump = System.getProperty("bench.perPostFile");
    if (dump != null) {
      StringBuilder out = new StringBuilder();
      for (int seq = 0; seq < MAX_SEQ; seq++) {
        if (SENT.get(seq) >= measuredFrom && SENT.get(seq) < measuredTo) {
          out.append(seq).append(' ').append(SENT.get(seq)).append(' ').append(FIRST.get(seq)).append(' ').append(LAST.get(seq)).append('\n');
        }
      }
      try {
        Files.writeString(Path.of(dump), out);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    first.sort(null);
    spread.sort(null);
    if (!first.isEmpty()) {
      System.out.printf(Locale.ROOT, "per post (%d): first receipt ms p50 %.2f p90 %.2f p99 %.2f | first to last ms p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
          first.size(), at(first, 0.50), at(first, 0.90), at(first, 0.99), at(spread, 0.50), at(spread, 0.90),
          at(spread, 0.99), at(spread, 1.0));
    }
  }

  private static double at(List<Long> sorted, double p) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
  }

  private static double percentile(double p) {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += LATENCY[1].get(i);
    }
    long rank = (long) Math.ceil(p * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += LATENCY[1].get(i);
      if (seen >= rank && total > 0) {
        return (i + 1) * BUCKET_NANOS / 1e6;
      }
    }
    return Double.NaN;
  }

  private static void awaitConnected(HttpClient client, int port, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
    while (System.nanoTime() < deadline) {
      if (client.send(metrics, HttpResponse.BodyHandlers.ofString()).body().contains("chatflow_connected_clients " + n + ".0\n")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("not all " + n + " clients connected");
  }

  /** Opens idle sockets (a raw handshake each, then silence) until {@code target} or a failure. */
  private static void idle(long serverPid, int port, String token, int target) throws Exception {
    List<SocketChannel> open = new ArrayList<>();
    byte[] request = ("GET /api/v1/ws?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    String failure = null;
    ByteBuffer in = ByteBuffer.allocate(1024);
    while (open.size() < target) {
      try {
        SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        c.write(ByteBuffer.wrap(request));
        in.clear();
        String head = "";
        while (!head.contains("\r\n\r\n")) {
          if (c.read(in) < 0) {
            throw new IOException("closed during the handshake");
          }
          head = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        }
        if (!head.startsWith("HTTP/1.1 101")) {
          throw new IOException("refused: " + head.lines().findFirst().orElse(""));
        }
        open.add(c);
      } catch (IOException e) {
        failure = e.toString();
        break;
      }
    }
    System.out.printf(Locale.ROOT, "idle WebSockets held: %d of %d%s | server RSS now %d MiB, peak %d MiB%n",
        open.size(), target, failure == null ? "" : " (stopped: " + failure + ")", rssMib(serverPid, "VmRSS"),
        peakRssMib(serverPid));
    System.exit(0);
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
  }

  private static long peakRssMib(long pid) throws IOException {
    return rssMib(pid, "VmHWM");
  }

  private static long rssMib(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
