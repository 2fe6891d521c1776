package io.chatflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.app.Api;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.ports.in.Search;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatFlowServerTest {
  private static ChatFlowServer chat;
  private static Api api;

  @BeforeAll
  static void start() {
    chat = ChatFlowServer.startSeeded();
    api = new Api(chat.baseUri());
  }

  @BeforeEach
  void reset() {
    chat.reset();
  }

  @AfterAll
  static void stop() {
    chat.close();
  }

  @Test
  void listensOnAFreeLoopbackPort() {
    assertThat(chat.baseUri().toString()).isEqualTo("http://127.0.0.1:" + chat.port() + "/");
    assertThat(chat.apiUri().toString()).isEqualTo("http://127.0.0.1:" + chat.port() + "/api/v1/");
    assertThat(chat.port()).isPositive();
  }

  @Test
  void tokensForSeededUsersWorkOverHttp() {
    Api.Reply me = api.get("/api/v1/users/me", chat.tokenFor("bob"));

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.body().get("id").asText()).isEqualTo(chat.userId("bob").value());
    assertThat(api.login("charlie", ChatFlowServer.PASSWORD)).isNotBlank();
  }

  @Test
  void inspectsTheMessagesOfAConversation() {
    List<Message> messages = chat.messages(chat.conversation("Project Chat"));

    assertThat(messages).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(messages.get(0).body()).isEqualTo("Welcome to the project chat, everyone.");
  }

  @Test
  void searchFindsWhatWasPostedOverHttp() {
    String project = chat.conversation("Project Chat").value();
    Api.Reply posted = api.post("/api/v1/conversations/" + project + "/messages", chat.tokenFor("bob"),
        "{\"body\": \"the quokka build is green\"}");
    assertThat(posted.status()).isEqualTo(201);

    var found = chat.search().messages(chat.userId("alice"), new Search.Request("quokka", null, null, null, null));

    assertThat(found.items()).extracting(f -> f.message().message().body()).containsExactly("the quokka build is green");
  }

  @Test
  void awaitsMessagesPostedOverHttpFromAnotherThread() {
    ConversationId direct = chat.conversation("alice-bob");
    String token = chat.tokenFor("bob");

    CompletableFuture<Api.Reply> posting = CompletableFuture.supplyAsync(() -> {
      Api.Reply last = null;
      for (int i = 1; i <= 3; i++) {
        last = api.post("/api/v1/conversations/" + direct + "/messages", token, "{\"body\":\"ping " + i + "\"}");
      }
      return last;
    });
    List<Message> messages = chat.awaitMessages(direct, 6, Duration.ofSeconds(10));

    assertThat(messages).hasSizeGreaterThanOrEqualTo(6);
    assertThat(posting.join().status()).isEqualTo(201);
    assertThat(chat.messages(direct)).extracting(Message::body).endsWith("ping 1", "ping 2", "ping 3");
  }

  @Test
  void inspectsRepliesAndReactionsMadeOverHttp() {
    ConversationId project = chat.conversation("Project Chat");
    String messages = "/api/v1/conversations/" + project + "/messages";
    String bob = chat.tokenFor("bob");

    Api.Reply reply = api.post(messages, bob, "{\"body\":\"in the thread\",\"replyTo\":1}");
    Api.Reply reacted = api.put(messages + "/1/reactions/%F0%9F%91%8D", chat.tokenFor("alice"));

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reacted.status()).isEqualTo(201);
    assertThat(chat.replies(project, 1)).extracting(Message::body).containsExactly("in the thread");
    assertThat(chat.reactions(project, 1)).singleElement()
        .satisfies(r -> assertThat(r.emoji()).isEqualTo("👍"))
        .satisfies(r -> assertThat(r.users()).containsExactly(chat.userId("alice")));
    assertThat(chat.reactions(project, 2)).isEmpty();
  }

  @Test
  void awaitingTooManyMessagesFailsWithWhatItFound() {
    ConversationId direct = chat.conversation("bob-charlie");

    assertThatThrownBy(() -> chat.awaitMessages(direct, 3, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected at least 3 messages in conversation " + direct + " within PT0.05S, found 2");
  }

  @Test
  void inspectsAndAwaitsAUsersEvents() {
    int before = chat.eventsOf("charlie").size();
    String token = chat.tokenFor("alice");

    api.post("/api/v1/conversations/" + chat.conversation("Project Chat") + "/messages", token, "{\"body\":\"news\"}");

    var events = chat.awaitEvents("charlie", before + 1, Duration.ofSeconds(5));
    assertThat(events.get(events.size() - 1).type()).isEqualTo(EventType.MESSAGE_CREATED);
  }

  @Test
  void createdUsersGetTokensToo() {
    chat.createUser("dave");

    Api.Reply me = api.get("/api/v1/users/me", chat.tokenFor("dave"));

    assertThat(me.body().get("username").asText()).isEqualTo("dave");
  }

  @Test
  void aPortInUseIsNamed() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> ChatFlowServer.builder().port(taken.getLocalPort()).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("port " + taken.getLocalPort() + " is already in use: choose another, or 0 for any free port");
    }
  }

  @Test
  void usernamesAreMatchedLowerCasedAsTheApiMatchesThem() {
    UserId dave = chat.createUser("Dave");

    assertThat(chat.userId("Dave")).isEqualTo(dave).isEqualTo(chat.userId("dave"));
    assertThat(api.get("/api/v1/users/me", chat.tokenFor("DAVE")).body().get("username").asText()).isEqualTo("dave");
  }

  @Test
  void resetForgetsEverythingButKeepsThePort() {
    int port = chat.port();
    chat.createUser("erin");
    ConversationId oldProject = chat.conversation("Project Chat");
    String oldToken = chat.tokenFor("alice");

    chat.reset();

    assertThat(chat.port()).isEqualTo(port);
    assertThatThrownBy(() -> chat.userId("erin")).hasMessage("no user erin");
    assertThat(chat.conversation("Project Chat")).isNotEqualTo(oldProject);
    assertThat(api.get("/api/v1/users/me", oldToken).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/users/me", chat.tokenFor("alice")).status()).isEqualTo(200);
  }

  @Test
  void resetEndsEverySessionSoOpenStreamsClose() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest stream = HttpRequest.newBuilder(chat.apiUri().resolve("events/stream"))
        .header("Authorization", "Bearer " + chat.tokenFor("alice")).build();
    HttpResponse<InputStream> open = client.send(stream, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(open.statusCode()).isEqualTo(200);
    CompletableFuture<Integer> ended = CompletableFuture.supplyAsync(() -> {
      try (InputStream body = open.body()) {
        while (body.read() >= 0) {
          // the stream's keep-alives and events, until the server closes it
        }
        return -1;
      } catch (IOException e) {
        return -2;
      }
    });

    chat.reset();

    assertThat(ended.get(5, TimeUnit.SECONDS)).isNegative();
  }

  @Test
  void unknownUsersGetNoToken() {
    assertThatThrownBy(() -> chat.tokenFor("mallory"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mallory");
  }

  @Test
  void misuseFailsAtOnceWithAClearMessage() {
    assertThatThrownBy(() -> chat.messages("no-such-conversation"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no conversation no-such-conversation");
    assertThatThrownBy(() -> chat.tokenFor(null)).isInstanceOf(NullPointerException.class).hasMessage("username");
    assertThatThrownBy(() -> chat.awaitMessages(chat.conversation("Project Chat"), -1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedServerRefusesToBeUsed() {
    ChatFlowServer closed = ChatFlowServer.startSeeded();
    closed.close();

    assertThatThrownBy(() -> closed.tokenFor("alice")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> closed.accounts().register("erin", "password1", null))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(closed::reset).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
