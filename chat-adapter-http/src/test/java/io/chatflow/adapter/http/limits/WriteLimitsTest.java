package io.chatflow.adapter.http.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.LiveClients;
import io.chatflow.adapter.http.TestServer;
import io.chatflow.adapter.http.WriteLimits;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.NewConversation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Floods every limited write: per user, per address (an IPv6 /64 as one), atomically, and back after the wait. */
class WriteLimitsTest {
  private static final Rate PER_USER = Rate.of(3, Duration.ofMinutes(1));
  private static final Rate PER_ADDRESS = Rate.of(5, Duration.ofMinutes(1));
  private static final String HERE = "198.51.100.1";
  private static final String THERE = "198.51.100.2";

  private final TestServer api = new TestServer(HttpSettings.defaults().withPort(0)
      .withTrustedProxies(List.of("127.0.0.1", "::1")).withWriteLimits(everyAction(PER_USER, PER_ADDRESS)), u -> u);
  private final TestServer.Person alice = api.person("alice");
  private final TestServer.Person bob = api.person("bob");
  private final TestServer.Person carol = api.person("carol");
  private final String group = api.core.conversations().create(alice.user().id(),
      NewConversation.group("Team", List.of(bob.user().id(), carol.user().id()))).conversation().summary().conversation().id().value();
  private final AtomicInteger calls = new AtomicInteger();

  @AfterEach
  void stop() {
    api.close();
  }

  static WriteLimits everyAction(Rate perUser, Rate perAddress) {
    WriteLimits limits = WriteLimits.off();
    for (Action a : Action.values()) {
      limits = limits.with(a, a == Action.REGISTER ? Rate.OFF : perUser, perAddress);
    }
    return limits;
  }

  @ParameterizedTest
  @EnumSource(value = Action.class, names = "REGISTER", mode = EnumSource.Mode.EXCLUDE)
  void eachWriteIsLimitedPerUserThenPerAddressUntilTheWaitIsOver(Action action) {
    api.core.conversations().changeRole(alice.user().id(), new ConversationId(group), bob.user().id(), Role.ADMIN);
    for (int i = 0; i < 3; i++) {
      assertThat(call(action, alice, HERE).status()).as("call %d", i).isBetween(200, 299);
    }

    TestServer.Res refused = call(action, alice, HERE);

    assertRateLimited(refused);
    // the user's limit is the user's: bob from the same address goes on until the address is full
    assertThat(call(action, bob, HERE).status()).isBetween(200, 299);
    assertThat(call(action, bob, HERE).status()).isBetween(200, 299);
    assertRateLimited(call(action, bob, HERE));
    // the address refused him, so his own count gave its permit back: one left, from elsewhere
    assertThat(call(action, bob, THERE).status()).isBetween(200, 299);
    assertRateLimited(call(action, bob, THERE));

    api.clock.advance(Duration.ofMinutes(1));

    assertThat(call(action, alice, HERE).status()).isBetween(200, 299);
  }

  @Test
  void registrationIsLimitedPerAddressAndAnIpv6Slash64IsOneAddress() {
    for (int i = 0; i < 5; i++) {
      assertThat(register("2001:db8:1:2::" + (i + 1)).status()).isEqualTo(201);
    }

    assertRateLimited(register("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    assertThat(register("2001:db8:1:3::1").status()).isEqualTo(201);
  }

  @Test
  void parallelPostsPassTheLimitExactlyAsOftenAsItAllows() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        Callable<Integer> post = () -> call(Action.POST, alice, HERE).status();
        results.add(pool.submit(post));
      }
      int created = 0;
      int limited = 0;
      for (Future<Integer> f : results) {
        int status = f.get();
        created += status == 201 ? 1 : 0;
        limited += status == 429 ? 1 : 0;
      }
      assertThat(created).isEqualTo(3);
      assertThat(limited).isEqualTo(21);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void typingFramesOnASocketShareTheTypingLimit() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(call(Action.TYPING, alice, "127.0.0.1").status()).isEqualTo(204);
    }
    try (LiveClients.Ws socket = LiveClients.Ws.open(api.client, api.ws("?access_token=" + alice.token()))) {
      socket.send("{\"type\":\"typing\",\"conversationId\":\"" + group + "\"}");
      var error = socket.nextOfType("error", Duration.ofSeconds(5));
      assertThat(error.get("status").asInt()).isEqualTo(429);
    }
  }

  private TestServer.Res register(String address) {
    return api.send("POST", "/api/v1/auth/register", null, "application/json",
        "{\"username\":\"user" + calls.incrementAndGet() + "\",\"password\":\"" + TestServer.PASSWORD + "\"}",
        Map.of("X-Forwarded-For", address));
  }

  private static void assertRateLimited(TestServer.Res res) {
    assertThat(res.status()).isEqualTo(429);
    assertThat(Long.parseLong(res.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(res.header("Content-Type")).startsWith("application/problem+json");
    assertThat(res.text("type")).endsWith("rate-limited");
    assertThat(res.json().get("status").asInt()).isEqualTo(429);
  }

  private TestServer.Res call(Action action, TestServer.Person who, String address) {
    int n = calls.incrementAndGet();
    String conv = "/api/v1/conversations/" + group;
    Map<String, String> from = Map.of("X-Forwarded-For", address);
    UserId me = who.user().id();
    ConversationId id = new ConversationId(group);
    return switch (action) {
      case POST -> send("POST", conv + "/messages", who, "{\"body\":\"m" + n + "\"}", from);
      case EDIT -> {
        long seq = api.core.messaging().post(me, id, "to edit", null).message().message().seq();
        yield send("PATCH", conv + "/messages/" + seq, who, "{\"body\":\"edited " + n + "\"}", from);
      }
      case DELETE -> {
        long seq = api.core.messaging().post(me, id, "to delete", null).message().message().seq();
        yield send("DELETE", conv + "/messages/" + seq, who, null, from);
      }
      case REACT -> {
        long seq = api.core.messaging().post(me, id, "to react to", null).message().message().seq();
        yield send("PUT", conv + "/messages/" + seq + "/reactions/tada", who, null, from);
      }
      case TYPING -> send("POST", conv + "/typing", who, null, from);
      case ADD_MEMBER -> {
        String newcomer = api.person("newcomer" + n).id();
        yield send("POST", conv + "/members", who, "{\"userId\":\"" + newcomer + "\"}", from);
      }
      case CREATE_CONVERSATION -> send("POST", "/api/v1/conversations", who,
          "{\"kind\":\"group\",\"title\":\"g" + n + "\",\"memberIds\":[]}", from);
      case CHANGE -> send("PUT", conv + "/read", who, "{\"seq\":0}", from);
      case REGISTER -> throw new IllegalArgumentException("by address only");
    };
  }

  private TestServer.Res send(String method, String path, TestServer.Person who, String json, Map<String, String> headers) {
    return api.send(method, path, who.token(), json == null ? null : "application/json", json, headers);
  }
}
