package io.chatflow.kit;

import io.chatflow.domain.conversation.Kind;
import io.chatflow.ports.in.UseCases;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.ConversationDetail;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.MessageView;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.service.OutPorts;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The base of the use-case suites: the real services on the adapter's stores. */
public abstract class UseCaseTest extends StoreTest {
  protected Core assembled;
  protected UseCases core;

  /** The password hasher of the core under test. */
  protected PasswordHasher hasher() {
    return new TestHasher();
  }

  protected CoreSettings settings() {
    return CoreSettings.defaults().withDeliveryThreads(2);
  }

  @BeforeEach
  void startCore() {
    assembled = new Core(new OutPorts(
        stores.users(), stores.sessions(), stores.conversations(), stores.messages(), stores.events(), stores.search(),
        stores.transactions(), stores.presence(), stores.counters(), stores.fanout(), stores.sessionEnds(), hasher(), new RandomIds(), clock),
        settings());
    core = assembled.useCases();
  }

  @AfterEach
  void stopCore() {
    assembled.close();
  }

  protected User register(String name) {
    return core.accounts().register(name, "password", null);
  }

  protected ConversationId group(User owner, User... members) {
    List<UserId> ids = Arrays.stream(members).map(User::id).toList();
    ConversationDetail created = core.conversations().create(owner.id(), new NewConversation(Kind.GROUP, "Team", ids)).conversation();
    return created.summary().conversation().id();
  }

  protected ConversationId direct(User a, User b) {
    return core.conversations().create(a.id(), new NewConversation(Kind.DIRECT, null, List.of(b.id()))).conversation()
        .summary().conversation().id();
  }

  protected MessageView post(User sender, ConversationId conversation, String body) {
    return core.messaging().post(sender.id(), conversation, body, null).message();
  }

  /** The message at {@code seq} among the newest page, as {@code reader} sees it. */
  protected MessageView messageAt(User reader, ConversationId conversation, long seq) {
    return core.messaging().list(reader.id(), conversation, MessageQuery.newest()).items().stream()
        .filter(m -> m.message().seq() == seq).findFirst().orElseThrow();
  }
}
