package io.chatflow.adapter.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
  private final ClientAddresses behindProxies = ClientAddresses.trusting(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItForwards() throws Exception {
    assertThat(behindProxies.of(ip("203.0.113.5"), List.of("198.51.100.1"))).isEqualTo("203.0.113.5");
    assertThat(ClientAddresses.trusting(List.of()).of(ip("10.1.2.3"), List.of("198.51.100.1"))).isEqualTo("10.1.2.3");
  }

  @Test
  void behindTrustedProxiesTheClientIsTheLastAddressNoProxyOfOursAdded() throws Exception {
    // the client wrote the first entry itself; the proxies appended the rest
    assertThat(behindProxies.of(ip("10.0.0.2"), List.of("1.2.3.4, 198.51.100.1", "192.168.1.7")))
        .isEqualTo("198.51.100.1");
    assertThat(behindProxies.of(ip("fd12::1"), List.of("2001:db8::9"))).isEqualTo("2001:db8:0:0:0:0:0:9"); // the form peers are keyed in
    assertThat(behindProxies.of(ip("10.0.0.2"), List.of())).isEqualTo("10.0.0.2");
  }

  @Test
  void somethingThatIsNotAnAddressEndsTheWalk() throws Exception {
    assertThat(behindProxies.of(ip("10.0.0.2"), List.of("198.51.100.1, example.com"))).isEqualTo("10.0.0.2");
    assertThat(behindProxies.of(ip("10.0.0.2"), List.of("unknown, 192.168.1.7"))).isEqualTo("192.168.1.7");
  }

  @Test
  void rangesMatchByPrefixOnly() throws Exception {
    ClientAddresses narrow = ClientAddresses.trusting(List.of("10.1.0.0/17"));
    assertThat(narrow.of(ip("10.1.127.255"), List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
    assertThat(narrow.of(ip("10.1.128.0"), List.of("198.51.100.1"))).isEqualTo("10.1.128.0");
  }

  @Test
  void entriesThatAreNotAddressesOrRangesAreRefused() {
    for (String bad : List.of("proxy.internal", "10.0.0.0/33", "10.0.0.0/x", "fd00::/129", "")) {
      assertThatThrownBy(() -> ClientAddresses.trusting(List.of(bad)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CIDR");
    }
  }
}
