package io.chatflow.service;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Limit;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.ConversationDetail;
import io.chatflow.ports.in.ConversationSummary;
import io.chatflow.ports.in.Conversations;
import io.chatflow.ports.in.MemberView;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.ConversationStore.ActivityKey;
import io.chatflow.ports.out.IdGenerator;
import io.chatflow.ports.out.Membership;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Conversations: creating, listing, reading, renaming; membership is {@link MembershipService}'s. */
public final class ConversationService implements Conversations {
  private final ConversationStore conversations;
  private final UserStore users;
  private final Transactions transactions;
  private final Journal journal;
  private final Views views;
  private final IdGenerator ids;
  private final Clock clock;
  private final MembershipService memberships;

  ConversationService(
      ConversationStore conversations, UserStore users, Transactions transactions, Journal journal,
      Views views, IdGenerator ids, Clock clock) {
    this.conversations = conversations;
    this.users = users;
    this.transactions = transactions;
    this.journal = journal;
    this.views = views;
    this.ids = ids;
    this.clock = clock;
    this.memberships = new MembershipService(conversations, users, transactions, journal, views, clock);
  }

  @Override
  public Created create(UserId actor, NewConversation request) {
    Objects.requireNonNull(request, "conversation");
    String shownTitle = request.title();
    Set<UserId> others = new LinkedHashSet<>(request.memberIds());
    others.remove(actor);
    if (request.kind() == Kind.DIRECT) {
      if (others.size() != 1) {
        throw InvalidException.of("memberIds", "a direct conversation is between you and exactly one other person");
      }
      return createDirect(actor, others.iterator().next());
    }
    return transactions.write(() -> {
      views.user(actor); // an unknown creator (only the library can name one) is a 404, as in posting
      requireUsersExist(others);
      Instant now = clock.instant();
      Conversation group = new Conversation(
          new ConversationId(ids.newId()), Kind.GROUP, shownTitle, now, now, 0, null);
      conversations.save(group);
      List<Member> members = new ArrayList<>();
      members.add(memberships.join(group, actor, Role.OWNER, now));
      others.forEach(user -> members.add(memberships.join(group, user, Role.MEMBER, now)));
      return new Created(detail(group, actor, members), true);
    });
  }

  private Created createDirect(UserId actor, UserId other) {
    String key = Conversation.directKey(actor, other);
    try {
      return transactions.write(() -> {
        Optional<Conversation> existing = conversations.findByDirectKey(key);
        if (existing.isPresent()) {
          return new Created(detail(existing.get().id(), actor), false);
        }
        views.user(actor);
        requireUsersExist(Set.of(other));
        Instant now = clock.instant();
        Conversation direct = Conversation.direct(new ConversationId(ids.newId()), actor, other, now);
        conversations.save(direct);
        List<Member> members = List.of(
            memberships.join(direct, actor, Role.OWNER, now), memberships.join(direct, other, Role.MEMBER, now));
        return new Created(detail(direct, actor, members), true);
      });
    } catch (ConflictException raced) {
      // Another node created the pair's conversation between our read and our write.
      return transactions.read(() -> conversations.findByDirectKey(key)
          .map(c -> new Created(detail(c.id(), actor), false))
          .orElseThrow(() -> raced));
    }
  }

  private void requireUsersExist(Set<UserId> userIds) {
    Set<UserId> found = new LinkedHashSet<>();
    users.findAllById(userIds).forEach(u -> found.add(u.id()));
    List<String> missing = userIds.stream().filter(id -> !found.contains(id)).map(UserId::value).toList();
    if (!missing.isEmpty()) {
      throw InvalidException.of("memberIds", "no such user: " + String.join(", ", missing));
    }
  }

  @Override
  public Page<ConversationSummary> list(UserId actor, String cursor, Integer limit) {
    Limit size = Limit.of(limit);
    ActivityKey after = decodeActivity(cursor);
    return transactions.read(() -> {
      List<Membership> found = conversations.conversationsOf(actor, after, size.value() + 1);
      List<Membership> page = found.size() > size.value() ? found.subList(0, size.value()) : found;
      String next = null;
      if (found.size() > size.value()) {
        Conversation last = page.get(page.size() - 1).conversation();
        Instant at = last.lastActivityAt();
        next = Cursors.encode(at.getEpochSecond() + "." + at.getNano() + ":" + last.id());
      }
      return new Page<>(page.stream().map(views::summary).toList(), next);
    });
  }

  private static ActivityKey decodeActivity(String cursor) {
    String key = Cursors.decode(cursor);
    if (key == null) {
      return null;
    }
    try {
      int colon = key.indexOf(':');
      int dot = key.indexOf('.');
      Instant at = Instant.ofEpochSecond(
          Long.parseLong(key.substring(0, dot)), Integer.parseInt(key.substring(dot + 1, colon)));
      return new ActivityKey(at, new ConversationId(key.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new MalformedException("cursor", "is not a cursor of this list");
    }
  }

  @Override
  public ConversationDetail get(UserId actor, ConversationId id) {
    return transactions.read(() -> detail(id, actor));
  }

  @Override
  public ConversationSummary rename(UserId actor, ConversationId id, String title) {
    return transactions.write(() -> {
      Member member = views.membership(id, actor);
      Conversation conversation = views.conversation(id);
      conversation.requireGroup("title", "a direct conversation has no title");
      member.requireRole(Role.ADMIN, "rename the conversation");
      Instant now = clock.instant();
      Conversation renamed = conversation.retitled(title, now);
      conversations.save(renamed);
      List<Member> members = conversations.members(id);
      journal.record(
          Event.ofConversation(EventType.CONVERSATION_UPDATED, id, null, now), userIds(members), null);
      return views.summary(renamed, member, members.size());
    });
  }

  @Override
  public Page<MemberView> members(UserId actor, ConversationId id, String cursor, Integer limit) {
    return memberships.members(actor, id, cursor, limit);
  }

  @Override
  public MemberView addMember(UserId actor, ConversationId id, UserId user, Role role) {
    return memberships.addMember(actor, id, user, role);
  }

  @Override
  public MemberView changeRole(UserId actor, ConversationId id, UserId user, Role role) {
    return memberships.changeRole(actor, id, user, role);
  }

  @Override
  public void removeMember(UserId actor, ConversationId id, UserId user) {
    memberships.removeMember(actor, id, user);
  }

  private ConversationDetail detail(ConversationId id, UserId viewer) {
    Member member = views.membership(id, viewer);
    return detail(views.conversation(id), member, conversations.members(id));
  }

  private ConversationDetail detail(Conversation conversation, UserId viewer, List<Member> members) {
    Member member = members.stream().filter(m -> m.userId().equals(viewer)).findFirst().orElseThrow();
    return detail(conversation, member, members);
  }

  private ConversationDetail detail(Conversation conversation, Member member, List<Member> members) {
    ConversationSummary summary = views.summary(conversation, member, members.size());
    return new ConversationDetail(summary, views.members(members));
  }

  static List<UserId> userIds(List<Member> members) {
    return members.stream().map(Member::userId).toList();
  }
}
