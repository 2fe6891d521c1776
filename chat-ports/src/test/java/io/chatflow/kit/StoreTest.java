package io.chatflow.kit;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The base of every contract class: a fresh set of stores per test, and builders of test data. */
public abstract class StoreTest {
  protected Stores stores;
  protected final MutableClock clock = new MutableClock();

  /** The adapter under test: a fresh, empty set of stores. */
  protected abstract Stores newStores();

  @BeforeEach
  void openStores() {
    stores = newStores();
  }

  @AfterEach
  void closeStores() throws Exception {
    stores.closer().close();
  }

  protected <T> T write(Supplier<T> work) {
    return stores.transactions().write(work);
  }

  protected void write(Runnable work) {
    stores.transactions().write(() -> {
      work.run();
      return null;
    });
  }

  protected <T> T read(Supplier<T> work) {
    return stores.transactions().read(work);
  }

  protected static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  protected User savedUser(String name) {
    User user = User.registered(new UserId(UUID.randomUUID().toString()), Username.of(name), name, clock.instant());
    write(() -> stores.users().save(new Account(user, "hash-of-" + name)));
    return user;
  }

  protected Conversation savedGroup(String title) {
    Conversation group = Conversation.group(new ConversationId(UUID.randomUUID().toString()), title, clock.instant());
    write(() -> stores.conversations().save(group));
    return group;
  }

  protected Member savedMember(Conversation c, User u, Role role, long sinceEvent) {
    Member member = new Member(c.id(), u.id(), role, clock.instant(), 0, sinceEvent);
    write(() -> stores.conversations().saveMember(member));
    return member;
  }

  protected Message message(Conversation c, long seq, User sender, String body) {
    return new Message(new MessageId(UUID.randomUUID().toString()), c.id(), seq, sender.id(), body, clock.instant(),
        null, false, null);
  }

  protected static Instant at(String iso) {
    return Instant.parse(iso);
  }
}
