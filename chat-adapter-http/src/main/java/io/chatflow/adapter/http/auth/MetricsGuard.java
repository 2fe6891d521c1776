package io.chatflow.adapter.http.auth;

import io.chatflow.adapter.http.plumbing.BadToken;
import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Endpoint;
import io.chatflow.adapter.http.plumbing.HttpProblem;
import io.chatflow.domain.NotFoundException;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * /metrics on the API port tells an outsider how busy the server is and who is connected:
 * it is served with the configured bearer token only, or without one to loopback clients
 * (behind a trusted proxy: the client it names, never the proxy itself).
 */
public final class MetricsGuard {
  private final MetricsRules rules;
  private final ClientAddresses addresses;

  public MetricsGuard(MetricsRules rules, ClientAddresses addresses) {
    this.rules = rules;
    this.addresses = addresses;
  }

  public Endpoint around(Endpoint metrics) {
    return call -> {
      admit(call);
      return metrics.handle(call);
    };
  }

  private void admit(Call call) {
    if (rules.onItsOwnListener()) {
      throw new NotFoundException("resource");
    }
    if (rules.token() != null) {
      String header = call.header(Headers.AUTHORIZATION_STRING);
      String given = header != null && header.startsWith("Bearer ") ? header.substring(7) : "";
      if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), rules.token().getBytes(StandardCharsets.UTF_8))) {
        throw header == null ? BadToken.absent() : new BadToken("wrong metrics token");
      }
      return;
    }
    if (!isLoopback(addresses.of(call.exchange()))) {
      throw new HttpProblem(403, "metrics are served to loopback clients only (see CHATFLOW_METRICS_ADDRESS and"
          + " CHATFLOW_METRICS_TOKEN)", Map.of());
    }
  }

  private static boolean isLoopback(String address) {
    try {
      return (address.matches("[0-9.]+") || address.contains(":")) && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
