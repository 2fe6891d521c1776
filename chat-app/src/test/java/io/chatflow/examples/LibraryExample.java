package io.chatflow.examples;

import io.chatflow.ChatFlow;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.NewConversation;
import java.io.PrintStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** ChatFlow as a library, as the README shows it: two people, one conversation, one live event. */
public final class LibraryExample {
  private LibraryExample() {}

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  static void run(PrintStream out) throws InterruptedException {
    try (ChatFlow chat = ChatFlow.inMemory().build()) {
      User alice = chat.accounts().register("alice", "correct horse battery", "Alice");
      User bob = chat.accounts().register("bob", "correct horse battery", null);

      ConversationId direct = chat.conversations()
          .create(alice.id(), NewConversation.direct(bob.id()))
          .conversation().summary().conversation().id();

      var inbox = new LinkedBlockingQueue<DeliveredEvent>();
      try (Events.Subscription live = chat.subscribe(bob.id(), inbox::add)) {
        chat.messaging().post(alice.id(), direct, "Hi Bob!", "msg-1");

        DeliveredEvent event = inbox.poll(5, TimeUnit.SECONDS);
        while (event != null && !(event.data() instanceof MessageView)) {
          event = inbox.poll(5, TimeUnit.SECONDS);
        }
        if (event != null && event.data() instanceof MessageView message) {
          out.println(event.type().wireName() + ": " + message.sender().displayName() + " says "
              + message.message().body());
        }
      }

      chat.messaging().list(bob.id(), direct, MessageQuery.newest()).items()
          .forEach(m -> out.println("#" + m.message().seq() + " " + m.message().body()));
    }
  }
}
