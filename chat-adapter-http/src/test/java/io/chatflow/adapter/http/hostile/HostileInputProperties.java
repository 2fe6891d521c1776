package io.chatflow.adapter.http.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.LiveClients;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.TestServer;
import io.chatflow.adapter.http.WriteLimits;
import io.chatflow.adapter.http.limits.Rate;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.ports.in.NewConversation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Generated hostile input against every route and frame type: whatever comes in, the answer is
 * a documented status with a well-formed body (the test client checks each against openapi.json),
 * never a 500 or a hang, and a refused write stores nothing.
 */
class HostileInputProperties {
  private static final TestServer API = new TestServer(
      HttpSettings.defaults().withPort(0).withWriteLimits(WriteLimits.off()),
      LiveSettings.defaults().withClientFrames(Rate.OFF), u -> u);
  private static final TestServer.Person ALICE = API.person("alice");
  private static final TestServer.Person BOB = API.person("bob");
  private static final ConversationId GROUP = API.core.conversations().create(ALICE.user().id(),
      NewConversation.group("Team", List.of(BOB.user().id()))).conversation().summary().conversation().id();
  private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
      "application/x-www-form-urlencoded", "text/plain", "application/json; charset=latin1", "", "*/*", "application/");

  @AfterContainer
  static void stop() {
    API.close();
  }

  @Property(tries = 400)
  void anyBodyToAnyWriteIsAnsweredWithADocumentedStatusNever500(
      @ForAll("writes") String route, @ForAll("bodies") String body, @ForAll("contentTypes") String type) {
    String[] methodAndPath = route.split(" ", 2);
    long before = messageCount();

    TestServer.Res res = API.send(methodAndPath[0], methodAndPath[1], token(methodAndPath[1]),
        type.isEmpty() ? null : type, body, Map.of());

    assertThat(res.status()).as(res.toString()).isLessThan(500);
    if (!(route.endsWith("/messages") && (res.status() == 201 || res.status() == 200))) {
      assertThat(messageCount()).as("a refused write stored nothing: " + res).isEqualTo(before);
    }
  }

  @Property(tries = 400)
  void anyPathSegmentOrQueryValueIsAnsweredWithADocumentedStatusNever500(
      @ForAll("templates") String template, @ForAll("segments") String a, @ForAll("segments") String b,
      @ForAll("queries") String query) {
    String path = template.replace("{a}", a).replace("{b}", b);
    String method = path.contains("/members/") ? "DELETE" : "GET";

    TestServer.Res res = API.send(method, path + query, ALICE.token(), null, null, Map.of());

    assertThat(res.status()).as(res.toString()).isLessThan(500);
  }

  @Property(tries = 300)
  void anyHeaderValueForTokensAndCursorsIsRefusedCleanly(@ForAll("junk") String value) {
    String ascii = value.replaceAll("[^\\x21-\\x7e]", "x");

    var bearer = API.send("GET", "/api/v1/users/me", ascii, null, null, Map.of());
    var lastEventId = API.send("GET", "/api/v1/events?after=" + enc(value), ALICE.token(), null, null, Map.of());

    assertThat(bearer.status()).as(bearer.toString()).isEqualTo(401);
    assertThat(lastEventId.status()).as(lastEventId.toString()).isIn(200, 400, 410, 422);
  }

  @Property(tries = 300)
  void anyFrameOnASocketIsAnsweredWithAnErrorFrameOrAPolicyCloseNeverAServerError(@ForAll("frames") String frame)
      throws Exception {
    try (var socket = LiveClients.Ws.open(API.client, API.ws("?access_token=" + ALICE.token()))) {
      socket.send(frame);
      socket.send("{\"type\":\"ping\"}");

      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (true) {
        String next = socket.messages.poll(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        if (next == null) {
          assertThat(socket.closed).as("neither a pong nor a close for " + frame).isDone();
          assertThat(socket.closed.get()).as(frame).isIn(1003, 1008, 1009);
          break;
        }
        var json = LiveClients.json(next);
        if (json.path("type").asText().equals("error")) {
          assertThat(json.get("status").asInt()).as(next).isBetween(400, 499);
        }
        if (json.path("type").asText().equals("pong")) {
          break;
        }
      }
    }
    assertThat(API.get("/health", null).status()).isEqualTo(200);
  }

  /** Found by the properties on PostgreSQL, which refuses a NUL in any text it is asked about. */
  @net.jqwik.api.Example
  void idsHoldingANulAreUnknownNotAServerError() {
    String c = "/api/v1/conversations/" + GROUP.value();
    assertThat(API.get("/api/v1/users/%00", ALICE.token()).status()).isEqualTo(404);
    assertThat(API.get("/api/v1/conversations/a%00b", ALICE.token()).status()).isEqualTo(404);
    assertThat(API.get("/api/v1/users?q=%00", ALICE.token()).status()).isEqualTo(400);
    assertThat(API.post(c + "/members", ALICE.token(), Map.of("userId", "\u0000")).status()).isEqualTo(422);
    assertThat(API.post("/api/v1/conversations", ALICE.token(),
        Map.of("kind", "group", "title", "T", "memberIds", List.of("x\u0000"))).status()).isEqualTo(422);
  }

  private static String token(String path) {
    return path.startsWith("/api/v1/auth") ? null : ALICE.token();
  }

  private static long messageCount() {
    return API.core.conversations().get(ALICE.user().id(), GROUP).summary().conversation().lastSeq();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Provide
  Arbitrary<String> writes() {
    String c = "/api/v1/conversations/" + GROUP.value();
    return Arbitraries.of("POST /api/v1/auth/register", "PATCH /api/v1/users/me", "POST /api/v1/users/me/password",
        "POST /api/v1/conversations", "PATCH " + c, "POST " + c + "/members", "PATCH " + c + "/members/" + BOB.id(),
        "POST " + c + "/messages", "PATCH " + c + "/messages/1", "PUT " + c + "/read", "POST " + c + "/typing");
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(CONTENT_TYPES);
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40).map(HostileInputProperties::quoted),
        Arbitraries.integers().map(String::valueOf),
        Arbitraries.of("null", "true", "[]", "{}", "1e999", "-0", "9223372036854775808", "\"\\u0000\"", "\"\\ud800\"",
            "\"\\u202e\"", "[[[[[[[[[[]]]]]]]]]]", "\"" + "x".repeat(70_000) + "\""));
    Arbitrary<String> field = Arbitraries.of("body", "displayName", "title", "kind", "memberIds", "userId", "role",
        "seq", "clientMessageId", "username", "password", "currentPassword", "newPassword", "__proto__", "");
    Arbitrary<String> object = Combinators.combine(field, value, field, value)
        .as((f1, v1, f2, v2) -> "{" + quoted(f1) + ":" + v1 + "," + quoted(f2) + ":" + v2 + "}");
    return Arbitraries.oneOf(object, value, Arbitraries.strings().ofMaxLength(200),
        object.map(o -> o + "garbage"), object.map(o -> o.substring(0, o.length() / 2)));
  }

  @Provide
  Arbitrary<String> templates() {
    return Arbitraries.of("/api/v1/users/{a}", "/api/v1/conversations/{a}", "/api/v1/conversations/{a}/members",
        "/api/v1/conversations/{a}/messages", "/api/v1/conversations/" + GROUP.value() + "/messages/{b}",
        "/api/v1/conversations/{a}/members/{b}", "/api/v1/users/me/sessions", "/api/v1/conversations",
        "/api/v1/users", "/api/v1/{a}", "/{a}/{b}");
  }

  @Provide
  Arbitrary<String> segments() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(60).map(HostileInputProperties::enc),
        Arbitraries.of("..", "%2e%2e", "%00", "-1", "0", "99999999999999999999", "%ff", "me", "%2F", "a%20b"),
        Arbitraries.longs().map(String::valueOf));
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> name = Arbitraries.of("limit", "cursor", "before", "after", "q", "wait", "x");
    Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30).map(HostileInputProperties::enc),
        Arbitraries.of("-1", "0", "201", "1e3", "%00", "", "2147483648"));
    return Combinators.combine(name, value, name, value)
        // wait above 0 is a long poll: keep it at 0 so that no try waits
        .as((n1, v1, n2, v2) -> ("?" + n1 + "=" + v1 + "&" + n2 + "=" + v2).replaceAll("wait=[^&]*", "wait=0"));
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(300),
        Arbitraries.of("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a.b.c", "....", "0", "-1"));
  }

  @Provide
  Arbitrary<String> frames() {
    Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(HostileInputProperties::quoted),
        Arbitraries.of(quoted(GROUP.value()), "null", "1", "[]", "{}"));
    Arbitrary<String> type = Arbitraries.of("\"typing\"", "\"ping\"", "\"auth\"", "\"unknown\"", "null", "1", "\"\"");
    Arbitrary<String> object = Combinators.combine(type, id)
        .as((t, i) -> "{\"type\":" + t + ",\"conversationId\":" + i + ",\"token\":" + i + "}");
    return Arbitraries.oneOf(object, Arbitraries.strings().ofMaxLength(100), Arbitraries.of("", "[]", "null", "{\"type\":"));
  }

  private static String quoted(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        out.append('\\').append(ch);
      } else if (ch < 0x20) {
        out.append(String.format("\\u%04x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    return out.append('"').toString();
  }
}
