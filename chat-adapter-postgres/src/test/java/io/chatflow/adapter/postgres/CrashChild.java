package io.chatflow.adapter.postgres;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.Messaging.Posted;
import io.chatflow.ports.in.NewConversation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link CrashTest} kills: posts from many threads through the real use case and
 * prints one line per acknowledged message until it is killed. Arguments: the schema (on
 * CHATFLOW_TEST_PG_URL), then the number of posting threads.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) {
    PostgresSettings settings = PostgresSettings.of(TestDatabase.URL, TestDatabase.USER, TestDatabase.PASSWORD)
        .withSchema(args[0]);
    int threads = Integer.parseInt(args[1]);
    PrintStream out = System.out;
    ChatFlowOnPostgres chat = new ChatFlowOnPostgres(settings);
    User alice = chat.core.accounts().register("alice", "password", null);
    User bob = chat.core.accounts().register("bob", "password", null);
    List<ConversationId> conversations = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      conversations.add(chat.core.conversations()
          .create(alice.id(), new NewConversation(Kind.GROUP, "Room " + i, List.of(bob.id())))
          .conversation().summary().conversation().id());
    }
    for (int t = 0; t < threads; t++) {
      int thread = t;
      User sender = t % 2 == 0 ? alice : bob;
      ConversationId conversation = conversations.get(t % conversations.size());
      new Thread(() -> {
        for (int n = 0; ; n++) {
          String body = "t" + thread + "-" + n;
          Posted posted = chat.core.messaging().post(sender.id(), conversation, body, "c-" + body);
          synchronized (out) {
            out.println("ACK " + conversation + " " + posted.message().message().seq() + " " + body);
            out.flush();
          }
        }
      }, "poster-" + t).start();
    }
  }
}
