package io.chatflow.adapter.http.plumbing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;

/**
 * Counts open connections per client address and overall, on accept: a connection over a
 * limit is closed before a byte of it is read, so a flood of idle or half-sent requests holds
 * sockets only up to the limits. Connections from exempt peers (trusted proxies, which carry
 * many clients) count toward the overall limit only.
 */
public final class ConnectionGate {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

  private final int perAddress;
  private final int overall;
  private final Predicate<InetAddress> exempt;
  private final AtomicInteger total = new AtomicInteger();
  private final Map<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();

  public ConnectionGate(int perAddress, int overall, Predicate<InetAddress> exempt) {
    this.perAddress = perAddress;
    this.overall = overall;
    this.exempt = exempt;
  }

  /** The accept listener of a server socket: admitted connections go on to {@code open}. */
  public ChannelListener<AcceptingChannel<StreamConnection>> acceptor(ChannelListener<StreamConnection> open) {
    return server -> {
      StreamConnection accepted;
      while ((accepted = acceptOne(server)) != null) {
        admit(accepted, open);
      }
    };
  }

  private static StreamConnection acceptOne(AcceptingChannel<StreamConnection> server) {
    try {
      return server.accept();
    } catch (IOException e) {
      LOG.debug("accept failed: {}", e.toString());
      return null;
    }
  }

  private void admit(StreamConnection connection, ChannelListener<StreamConnection> open) {
    InetSocketAddress peer = connection.getPeerAddress(InetSocketAddress.class);
    InetAddress address = peer == null ? null : peer.getAddress();
    if (!take(address)) {
      refused.incrementAndGet();
      LOG.debug("refused a connection from {}: over the connection limit", address);
      IoUtils.safeClose(connection);
      return;
    }
    // XNIO merges close listeners, so Undertow's own (set when it takes the connection) runs too
    connection.setCloseListener(closed -> release(address));
    open.handleEvent(connection);
  }

  private boolean take(InetAddress address) {
    if (total.incrementAndGet() > overall) {
      total.decrementAndGet();
      return false;
    }
    if (address == null || exempt.test(address)) {
      return true;
    }
    boolean[] ok = {false};
    byAddress.compute(address, (a, n) -> {
      AtomicInteger count = n == null ? new AtomicInteger() : n;
      if (count.get() < perAddress) {
        count.incrementAndGet();
        ok[0] = true;
      }
      return count.get() == 0 ? null : count;
    });
    if (!ok[0]) {
      total.decrementAndGet();
    }
    return ok[0];
  }

  private void release(InetAddress address) {
    if (address != null && !exempt.test(address)) {
      byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() == 0 ? null : n);
    }
    total.decrementAndGet();
  }

  /** Connections open now. */
  public int open() {
    return total.get();
  }

  /** Connections refused since start. */
  public int refused() {
    return refused.get();
  }
}
