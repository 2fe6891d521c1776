package io.chatflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.testing.ChatFlowExtension;
import io.chatflow.testing.ChatFlowServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test harness as the README shows it. */
class HarnessExampleTest {
  @RegisterExtension
  static ChatFlowExtension chat = ChatFlowExtension.seeded(); // one server for the class, reset before each test

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void alicePostsIntoTheProjectChatAndBobIsTold() throws Exception {
    ChatFlowServer server = chat.server();
    ConversationId project = server.conversation("Project Chat"); // seeded with 4 messages

    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(server.apiUri().resolve("conversations/" + project + "/messages"))
            .header("Authorization", "Bearer " + server.tokenFor("alice"))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString("{\"body\":\"Release is out!\"}"))
            .build(),
        BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    List<Message> messages = server.awaitMessages(project, 5, Duration.ofSeconds(5));
    assertThat(messages.get(4).body()).isEqualTo("Release is out!");
    assertThat(server.eventsOf("bob")).extracting(e -> e.type().wireName()).contains("message.created");
  }
}
