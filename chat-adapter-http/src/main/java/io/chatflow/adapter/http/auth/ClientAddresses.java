package io.chatflow.adapter.http.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.NetworkUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a request comes from, for per-address limits. Behind a reverse proxy every request
 * comes from the proxy, so one client's failed logins would lock out everyone. A request
 * from a trusted proxy is therefore taken to come from the last address in its
 * {@code X-Forwarded-For} that is not itself a trusted proxy: the proxy appends the address
 * it saw, and anything left of that is the client's to write. From any other peer the
 * header is ignored.
 */
public final class ClientAddresses {
  private static final String FORWARDED_FOR = "X-Forwarded-For";

  private final List<Range> trusted;

  private ClientAddresses(List<Range> trusted) {
    this.trusted = trusted;
  }

  /** Proxies as IP addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}); a bad entry is refused. */
  public static ClientAddresses trusting(List<String> proxies) {
    List<Range> ranges = new ArrayList<>();
    for (String proxy : proxies) {
      ranges.add(Range.parse(proxy.trim()));
    }
    return new ClientAddresses(List.copyOf(ranges));
  }

  /**
   * The key of the request's client for per-address limits: its address, except that an IPv6
   * address counts by its /64 (one subscriber's network gets a whole /64 to pick from).
   */
  public String keyOf(HttpServerExchange exchange) {
    return keyOf(of(exchange));
  }

  /** {@link #keyOf(HttpServerExchange)} of an address as {@link #of} writes it. */
  public static String keyOf(String address) {
    if (!address.contains(":")) {
      return address;
    }
    InetAddress parsed = literal(address);
    if (parsed == null || parsed.getAddress().length != 16) {
      return address;
    }
    byte[] bytes = parsed.getAddress();
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < 8; i += 2) {
      key.append(Integer.toHexString((bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff)).append(':');
    }
    return key.append(":/64").toString();
  }

  String of(HttpServerExchange exchange) {
    InetSocketAddress source = exchange.getSourceAddress();
    InetAddress peer = source == null ? null : source.getAddress();
    if (peer == null) {
      return "unknown";
    }
    HeaderValues forwarded = exchange.getRequestHeaders().get(FORWARDED_FOR);
    return of(peer, forwarded == null ? List.of() : forwarded);
  }

  /** The client behind {@code peer}, given the request's X-Forwarded-For lines in order. */
  String of(InetAddress peer, Iterable<String> forwardedFor) {
    if (!isTrusted(peer)) {
      return peer.getHostAddress();
    }
    List<String> hops = new ArrayList<>();
    for (String line : forwardedFor) {
      for (String hop : line.split(",")) {
        hops.add(hop.trim());
      }
    }
    InetAddress client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = literal(hops.get(i));
      if (hop == null) {
        break; // not an address: whatever wrote it is not one of our proxies
      }
      client = hop;
      if (!isTrusted(hop)) {
        break;
      }
    }
    return client.getHostAddress();
  }

  /** Whether {@code address} is one of the trusted proxies. */
  public boolean isProxy(InetAddress address) {
    return isTrusted(address);
  }

  private boolean isTrusted(InetAddress address) {
    for (Range r : trusted) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** An IP literal, never a name: a name would mean a DNS lookup per request. */
  private static InetAddress literal(String text) {
    try {
      if (text.contains(":")) {
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        return NetworkUtils.parseIpv6Address(bare);
      }
      return NetworkUtils.parseIpv4Address(text);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private record Range(byte[] network, int prefix) {
    static Range parse(String text) {
      int slash = text.indexOf('/');
      InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("not an IP address or CIDR range: '" + text + "'");
      }
      byte[] bytes = address.getAddress();
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException("not an IP address or CIDR range: '" + text + "'");
        }
      }
      return new Range(bytes, prefix);
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (bytes[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (bytes[whole] & mask) == (network[whole] & mask);
    }
  }
}
