package io.chatflow.adapter.http.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small closed-loop HTTP/1.1 load generator on one NIO thread: {@code connections}
 * keep-alive connections, each with one request in flight, the same request bytes
 * again and again (like wrk with a fixed request). Cheap enough that the server,
 * not the driver, is what gets measured.
 */
final class LoadDriver {
  private final InetSocketAddress address;
  private final int connections;

  LoadDriver(InetSocketAddress address, int connections) {
    this.address = address;
    this.connections = connections;
  }

  /** Statuses seen, throughput and latency percentiles of one run. */
  record Result(String name, long requests, double seconds, long[] latenciesNanos, Map<Integer, Long> statuses) {
    static Result merge(String name, java.util.List<Result> runs) {
      long requests = runs.stream().mapToLong(Result::requests).sum();
      double seconds = runs.stream().mapToDouble(Result::seconds).sum();
      long[] all = runs.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos())).sorted().toArray();
      Map<Integer, Long> statuses = new TreeMap<>();
      runs.forEach(r -> r.statuses().forEach((k, v) -> statuses.merge(k, v, Long::sum)));
      return new Result(name, requests, seconds, all, statuses);
    }

    double perSecond() {
      return requests / seconds;
    }

    double percentileMillis(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p / 100.0 * latenciesNanos.length) - 1);
      return latenciesNanos[Math.max(0, i)] / 1e6;
    }
  }

  private static final class Conn {
    final SocketChannel channel;
    final ByteBuffer out;
    ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    long sentAt;

    Conn(SocketChannel channel, byte[] request) {
      this.channel = channel;
      this.out = ByteBuffer.wrap(request);
    }
  }

  Result run(String name, byte[] request, double warmupSeconds, double seconds) throws IOException {
    long[] latencies = new long[1 << 20];
    int recorded = 0;
    long requests = 0;
    Map<Integer, Long> statuses = new TreeMap<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < connections; i++) {
        SocketChannel ch = SocketChannel.open(address);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        Conn c = new Conn(ch, request);
        c.sentAt = System.nanoTime();
        ch.write(c.out);
        ch.register(selector, c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ, c);
      }
      long start = System.nanoTime();
      long measureFrom = start + (long) (warmupSeconds * 1e9);
      long end = measureFrom + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        selector.select(100);
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          Conn c = (Conn) key.attachment();
          if (key.isWritable()) {
            c.channel.write(c.out);
            if (!c.out.hasRemaining()) {
              key.interestOps(SelectionKey.OP_READ);
            }
            continue;
          }
          if (c.channel.read(c.in) < 0) {
            throw new IOException("server closed a connection during " + name);
          }
          int status = complete(c.in);
          if (status == 0) {
            if (!c.in.hasRemaining()) {
              c.in = ByteBuffer.allocate(c.in.capacity() * 2).put(c.in.flip());
            }
            continue;
          }
          long now = System.nanoTime();
          if (now >= measureFrom) {
            requests++;
            statuses.merge(status, 1L, Long::sum);
            if (recorded == latencies.length) {
              latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[recorded++] = now - c.sentAt;
          }
          c.in.clear();
          c.out.rewind();
          c.sentAt = now;
          c.channel.write(c.out);
          key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
      }
      for (SelectionKey key : selector.keys()) {
        key.channel().close();
      }
    }
    long[] sorted = Arrays.copyOf(latencies, recorded);
    Arrays.sort(sorted);
    return new Result(name, requests, seconds, sorted, statuses);
  }

  /** The status of a complete response in {@code buf} (position = bytes read), or 0 while incomplete. */
  private static int complete(ByteBuffer buf) {
    byte[] a = buf.array();
    int n = buf.position();
    int headerEnd = -1;
    for (int i = 3; i < n; i++) {
      if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
        headerEnd = i + 1;
        break;
      }
    }
    if (headerEnd < 0) {
      return 0;
    }
    String head = new String(a, 0, headerEnd, StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    if (n < headerEnd + length) {
      return 0;
    }
    return Integer.parseInt(head.substring(9, 12));
  }

  static byte[] request(String method, String path, Map<String, String> headers, String body) {
    StringBuilder r = new StringBuilder()
        .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: localhost\r\n");
    headers.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      r.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    r.append("\r\n");
    byte[] head = r.toString().getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(head, head.length + bytes.length);
    System.arraycopy(bytes, 0, all, head.length, bytes.length);
    return all;
  }
}
