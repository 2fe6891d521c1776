package io.chatflow;

import io.chatflow.domain.conversation.Kind;
import io.chatflow.ports.in.NewConversation;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.GoneException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.Search;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.PresenceChange;
import io.chatflow.ports.in.PresenceView;
import io.chatflow.service.CoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatFlowTest {
  @TempDir Path dir;

  @Test
  void anSqliteChatFlowKeepsItsDataAcrossRestarts() {
    Path file = dir.resolve("chat.db");
    ConversationId group;
    try (ChatFlow chat = ChatFlow.sqlite(file).cheapPasswordHashingForTests().build()) {
      User ann = chat.accounts().register("ann", "password1", null);
      group = chat.conversations().create(ann.id(), new NewConversation(Kind.GROUP, "Book club", List.of()))
          .conversation().summary().conversation().id();
      chat.messaging().post(ann.id(), group, "first", null);
    }

    try (ChatFlow chat = ChatFlow.sqlite(file).cheapPasswordHashingForTests().build()) {
      User ann = chat.sessions().login("ann", "password1").user();
      assertThat(chat.conversations().get(ann.id(), group).summary().conversation().title()).isEqualTo("Book club");
      assertThat(chat.messaging().list(ann.id(), group, MessageQuery.newest()).items())
          .extracting(m -> m.message().body())
          .containsExactly("first");
    }
  }

  @Test
  void theLibrarySearchesAUsersMessagesOnSqlite() {
    try (ChatFlow chat = ChatFlow.sqlite(dir.resolve("search.db")).cheapPasswordHashingForTests().build()) {
      User ann = chat.accounts().register("ann", "password1", null);
      User ben = chat.accounts().register("ben", "password1", null);
      ConversationId group = chat.conversations().create(ann.id(), new NewConversation(Kind.GROUP, "Book club",
          List.of(ben.id()))).conversation().summary().conversation().id();
      chat.messaging().post(ann.id(), group, "Next book: Les Misérables", null);
      chat.messaging().post(ben.id(), group, "something else", null);

      var found = chat.search().messages(ben.id(), new Search.Request("miserab", null, null, null, null)).items();

      assertThat(found).extracting(f -> f.message().message().body()).containsExactly("Next book: Les Misérables");
      assertThat(found.get(0).highlight()).isEqualTo("Next book: Les \u0002Misérables\u0003");
    }
  }

  @Test
  void theLibraryReactsRepliesAndFindsMentions() {
    try (ChatFlow chat = ChatFlow.inMemory().cheapPasswordHashingForTests().build()) {
      User ann = chat.accounts().register("ann", "password1", null);
      User ben = chat.accounts().register("ben", "password1", null);
      ConversationId group = chat.conversations().create(ann.id(), new NewConversation(Kind.GROUP, "Club", List.of(ben.id())))
          .conversation().summary().conversation().id();
      chat.messaging().post(ann.id(), group, "who reads @ben?", null);
      chat.messaging().post(ben.id(), group, "me", null, 1L);
      assertThat(chat.messaging().react(ben.id(), group, 1, "eyes").created()).isTrue();

      MessageView root = chat.messaging().list(ann.id(), group, MessageQuery.newest()).items().get(0);
      assertThat(root.message().replyCount()).isEqualTo(1);
      assertThat(root.reactions()).singleElement().satisfies(r -> assertThat(r.by(ben.id())).isTrue());
      assertThat(chat.messaging().replies(ann.id(), group, 1, MessageQuery.newest()).items())
          .extracting(m -> m.message().body()).containsExactly("me");
      assertThat(chat.messaging().mentions(ben.id(), null, null).items())
          .extracting(m -> m.message().body()).containsExactly("who reads @ben?");
    }
  }

  @Test
  void subscribingFromACursorReplaysWhatWasMissedThenDeliversLiveEvents() throws Exception {
    try (ChatFlow chat = ChatFlow.inMemory().cheapPasswordHashingForTests().build()) {
      User ann = chat.accounts().register("ann", "password1", null);
      User ben = chat.accounts().register("ben", "password1", null);
      EventCursor before = chat.events().head(ben.id());
      ConversationId direct = chat.conversations().create(ann.id(), new NewConversation(Kind.DIRECT, null, List.of(ben.id())))
          .conversation().summary().conversation().id();
      chat.messaging().post(ann.id(), direct, "missed", null);

      BlockingQueue<DeliveredEvent> inbox = new LinkedBlockingQueue<>();
      try (Events.Subscription ignored = chat.subscribe(ben.id(), before, inbox::add)) {
        assertThat(inbox.poll(5, TimeUnit.SECONDS).type()).isEqualTo(EventType.CONVERSATION_CREATED);
        assertThat(inbox.poll(5, TimeUnit.SECONDS).type()).isEqualTo(EventType.MESSAGE_CREATED);

        chat.messaging().post(ann.id(), direct, "live", null);

        DeliveredEvent live = inbox.poll(5, TimeUnit.SECONDS);
        assertThat(live.type()).isEqualTo(EventType.MESSAGE_CREATED);
        assertThat(((MessageView) live.data()).message().body()).isEqualTo("live");
      }
    }
  }

  @Test
  void theAppSweepsPresenceSoQuietUsersAreAnnouncedOffline() throws Exception {
    CoreSettings shortWindow = CoreSettings.defaults().withPresenceWindow(Duration.ofMillis(200));
    try (ChatFlow chat = ChatFlow.inMemory().settings(shortWindow).cheapPasswordHashingForTests().build()) {
      User ann = chat.accounts().register("ann", "password1", null);
      User ben = chat.accounts().register("ben", "password1", null);
      chat.conversations().create(ann.id(), new NewConversation(Kind.DIRECT, null, List.of(ben.id())));
      BlockingQueue<DeliveredEvent> inbox = new LinkedBlockingQueue<>();
      try (Events.Subscription ignored = chat.subscribe(ben.id(), inbox::add)) {
        chat.presence().touch(ann.id());

        assertThat(nextPresence(inbox).presence().status()).isEqualTo(PresenceView.Status.ONLINE);
        assertThat(nextPresence(inbox).presence().status()).isEqualTo(PresenceView.Status.OFFLINE);
      }
    }
  }

  @Test
  void theAppPrunesEventsSoonAfterTheRetentionEnds() throws Exception {
    CoreSettings shortRetention = CoreSettings.defaults().withEventRetention(Duration.ofSeconds(1));
    try (ChatFlow chat = ChatFlow.inMemory().settings(shortRetention).cheapPasswordHashingForTests().build()) {
      User ann = chat.accounts().register("ann", "password1", null);
      ConversationId room = chat.conversations().create(ann.id(), new NewConversation(Kind.GROUP, "Room", List.of()))
          .conversation().summary().conversation().id();
      chat.messaging().post(ann.id(), room, "soon gone", null);
      EventCursor start = EventCursor.parse("0", "after");
      assertThat(chat.events().read(ann.id(), start, 10).events()).isNotEmpty();

      // pruned within a tenth of the retention, checked at least every second
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      boolean gone = false;
      while (!gone && System.nanoTime() < deadline) {
        try {
          chat.events().read(ann.id(), start, 10);
          Thread.onSpinWait();
        } catch (GoneException e) {
          gone = true;
        }
      }
      assertThat(gone).as("the cursor before the pruned events is gone").isTrue();
    }
  }

  @Test
  void aClosedChatFlowRefusesToBeUsedOnEitherStore() {
    for (ChatFlow.Builder builder : List.of(ChatFlow.inMemory(), ChatFlow.sqlite(dir.resolve("closed.db")))) {
      ChatFlow chat = builder.cheapPasswordHashingForTests().build();
      User ann = chat.accounts().register("ann", "password1", null);
      chat.close();

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> chat.accounts().register("ben", "password1", null))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> chat.accounts().me(ann.id()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
  }

  @Test
  void aFileThatIsNotADatabaseFailsWithTheStoresOwnError() throws Exception {
    Path junk = dir.resolve("junk.db");
    java.nio.file.Files.writeString(junk, "not a database at all ".repeat(100));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChatFlow.sqlite(junk).cheapPasswordHashingForTests().build())
        .isInstanceOf(io.chatflow.adapter.sqlite.SqliteStoreException.class)
        .hasMessageContaining("is not a ChatFlow database");
  }

  private static PresenceChange nextPresence(BlockingQueue<DeliveredEvent> inbox) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      DeliveredEvent event = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event != null && event.data() instanceof PresenceChange change) {
        return change;
      }
    }
    throw new AssertionError("no presence change within 10 s");
  }
}
