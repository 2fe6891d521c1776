package io.chatflow.app.seed;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.ChatFlow;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.MessageQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  private final ChatFlow chat = ChatFlow.inMemory().cheapPasswordHashingForTests().build();
  private final DemoData demo = new DemoData(chat.accounts(), chat.conversations(), chat.messaging());

  @AfterEach
  void close() {
    chat.close();
  }

  @Test
  void seedsThreeUsersWhoCanLogInWithTheDemoPassword() {
    demo.seed("password");

    for (String name : DemoData.USERNAMES) {
      assertThat(chat.sessions().login(name, "password").user().username().value()).isEqualTo(name);
    }
  }

  @Test
  void seedsDirectAndGroupConversationsWithMessages() {
    DemoData.Seeded seeded = demo.seed("password");
    UserId alice = seeded.user("alice");

    assertThat(chat.conversations().list(alice, null, 50).items())
        .extracting(s -> s.conversation().kind().name())
        .containsExactlyInAnyOrder("DIRECT", "GROUP", "GROUP");
    ConversationId project = seeded.conversations().get("Project Chat");
    assertThat(chat.messaging().list(alice, project, MessageQuery.newest()).items())
        .extracting(m -> m.message().seq())
        .containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void seedingTwiceDuplicatesNothing() {
    DemoData.Seeded first = demo.seed("password");
    DemoData.Seeded second = demo.seed("password");

    assertThat(second.users()).isEqualTo(first.users());
    assertThat(second.conversations()).isEqualTo(first.conversations());
    assertThat(first.added()).isTrue();
    assertThat(second.added()).isFalse();
    for (String name : DemoData.USERNAMES) {
      assertThat(chat.accounts().search(name, null, 50).items())
          .filteredOn(u -> u.username().value().equals(name))
          .hasSize(1);
    }
    UserId bob = first.user("bob");
    assertThat(chat.conversations().list(bob, null, 50).items()).hasSize(4);
    for (ConversationId id : first.conversations().values()) {
      var summary = chat.conversations().get(first.user("bob"), id).summary();
      assertThat(chat.messaging().list(bob, id, MessageQuery.newest()).items())
          .hasSize((int) summary.conversation().lastSeq());
    }
    assertThat(chat.messaging().list(bob, first.conversations().get("alice-bob"), MessageQuery.newest()).items())
        .hasSize(3);
  }
}
