package io.chatflow.app.seed;

import io.chatflow.domain.Page;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.ConversationSummary;
import io.chatflow.ports.in.Conversations;
import io.chatflow.ports.in.Messaging;
import io.chatflow.ports.in.UseCases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo users alice, bob and charlie with a few direct and group conversations.
 * Seeding goes through the use cases like any client, and is idempotent: users are
 * looked up before they are registered, direct conversations are unique per pair, groups
 * are found by title, and messages carry fixed client message ids.
 */
public final class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);
  public static final List<String> USERNAMES = List.of("alice", "bob", "charlie");

  private final Accounts accounts;
  private final Conversations conversations;
  private final Messaging messaging;

  public DemoData(Accounts accounts, Conversations conversations, Messaging messaging) {
    this.accounts = accounts;
    this.conversations = conversations;
    this.messaging = messaging;
  }

  public DemoData(UseCases useCases) {
    this(useCases.accounts(), useCases.conversations(), useCases.messaging());
  }

  /** What seeding left in place: the users by username and the conversations by name. */
  /** {@code added}: whether this call registered or posted anything, or found it all in place. */
  public record Seeded(Map<String, User> users, Map<String, ConversationId> conversations, boolean added) {
    public Seeded {
      users = Map.copyOf(users);
      conversations = Map.copyOf(conversations);
    }

    public UserId user(String username) {
      User user = users.get(username);
      if (user == null) {
        throw new IllegalArgumentException("no seeded user " + username + "; seeded: " + USERNAMES);
      }
      return user.id();
    }
  }

  public Seeded seed(String password) {
    Map<String, User> users = new LinkedHashMap<>();
    int registered = 0;
    for (String name : USERNAMES) {
      Optional<User> existing = findUser(name);
      if (existing.isPresent()) {
        users.put(name, existing.get());
      } else {
        users.put(name, accounts.register(name, password, Character.toUpperCase(name.charAt(0)) + name.substring(1)));
        registered++;
      }
    }
    UserId alice = users.get("alice").id();
    UserId bob = users.get("bob").id();
    UserId charlie = users.get("charlie").id();

    Map<String, ConversationId> made = new LinkedHashMap<>();
    made.put("alice-bob", direct(alice, bob));
    made.put("bob-charlie", direct(bob, charlie));
    made.put("Project Chat", group(alice, "Project Chat", List.of(bob, charlie)));
    made.put("Weekend Plans", group(bob, "Weekend Plans", List.of(alice)));

    int posted = 0;
    posted += say(made.get("alice-bob"), List.of(
        new Line(alice, "Hi Bob! Did you see the new ChatFlow build?"),
        new Line(bob, "Yes, the live events are great."),
        new Line(alice, "Let's demo it tomorrow.")));
    posted += say(made.get("bob-charlie"), List.of(
        new Line(bob, "Charlie, can you review my pull request?"),
        new Line(charlie, "Sure, after lunch.")));
    posted += say(made.get("Project Chat"), List.of(
        new Line(alice, "Welcome to the project chat, everyone."),
        new Line(charlie, "Thanks! What is first on the list?"),
        new Line(bob, "The release notes."),
        new Line(alice, "I'll draft them today.")));
    posted += say(made.get("Weekend Plans"), List.of(
        new Line(bob, "Hiking on Saturday?"),
        new Line(alice, "Count me in.")));
    log.info("demo data in place: {} users registered, {} messages posted", registered, posted);
    return new Seeded(users, made, registered > 0 || posted > 0);
  }

  private record Line(UserId from, String body) {}

  private Optional<User> findUser(String username) {
    Page<User> page = accounts.search(username, null, 200);
    return page.items().stream().filter(u -> u.username().value().equals(username)).findFirst();
  }

  private ConversationId direct(UserId a, UserId b) {
    return conversations.create(a, new NewConversation(Kind.DIRECT, null, List.of(b))).conversation().summary().conversation().id();
  }

  private ConversationId group(UserId owner, String title, List<UserId> members) {
    String cursor = null;
    do {
      Page<ConversationSummary> page = conversations.list(owner, cursor, 200);
      for (ConversationSummary s : page.items()) {
        if (s.conversation().kind() == Kind.GROUP && title.equals(s.conversation().title())) {
          return s.conversation().id();
        }
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    return conversations.create(owner, new NewConversation(Kind.GROUP, title, members)).conversation().summary().conversation().id();
  }

  private int say(ConversationId conversation, List<Line> lines) {
    int created = 0;
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (messaging.post(line.from(), conversation, line.body(), "seed-" + (i + 1)).created()) {
        created++;
      }
    }
    return created;
  }
}
