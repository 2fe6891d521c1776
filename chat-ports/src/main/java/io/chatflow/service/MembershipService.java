package io.chatflow.service;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Limit;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.conversation.Succession;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.MemberView;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Who is in a group and with what role: listing, adding, changing roles, removing, owner succession. */
final class MembershipService {
  private final ConversationStore conversations;
  private final UserStore users;
  private final Transactions transactions;
  private final Journal journal;
  private final Views views;
  private final Clock clock;

  MembershipService(
      ConversationStore conversations, UserStore users, Transactions transactions, Journal journal,
      Views views, Clock clock) {
    this.conversations = conversations;
    this.users = users;
    this.transactions = transactions;
    this.journal = journal;
    this.views = views;
    this.clock = clock;
  }

  Page<MemberView> members(UserId actor, ConversationId id, String cursor, Integer limit) {
    Limit size = Limit.of(limit);
    long after = cursor == null || cursor.isEmpty() ? -1 : Cursors.decodeTagged(cursor, "m").value();
    return transactions.read(() -> {
      views.membership(id, actor);
      List<Member> rest = conversations.members(id).stream().filter(m -> m.sinceEvent() > after).toList();
      List<Member> page = rest.size() > size.value() ? rest.subList(0, size.value()) : rest;
      String next = rest.size() > size.value() ? Cursors.encode("m" + page.get(page.size() - 1).sinceEvent()) : null;
      return new Page<>(views.members(page), next);
    });
  }

  MemberView addMember(UserId actor, ConversationId id, UserId user, Role role) {
    Role granted = role == null ? Role.MEMBER : role;
    if (granted == Role.OWNER) {
      throw InvalidException.of("role", "must be admin or member; hand over ownership by changing a role");
    }
    if (user == null) {
      throw InvalidException.of("userId", "is required");
    }
    return transactions.write(() -> {
      Member adder = views.membership(id, actor);
      Conversation conversation = views.conversation(id);
      conversation.requireGroup("userId", "a direct conversation has exactly two people");
      adder.requireRole(granted == Role.ADMIN ? Role.OWNER : Role.ADMIN,
          granted == Role.ADMIN ? "add admins" : "add members");
      if (users.findById(user).isEmpty()) {
        throw InvalidException.of("userId", "no such user");
      }
      if (conversations.findMember(id, user).isPresent()) {
        throw new ConflictException("already a member");
      }
      Instant now = clock.instant();
      List<Member> before = conversations.members(id);
      Conversation.requireRoomForOneMore(before.size());
      Member newcomer = new Member(id, user, granted, now, 0, 0);
      MemberView view = views.member(newcomer);
      journal.record(Event.ofMember(EventType.MEMBER_JOINED, newcomer, null, now), ConversationService.userIds(before), view);
      join(conversation, user, granted, now);
      return view;
    });
  }

  MemberView changeRole(UserId actor, ConversationId id, UserId user, Role role) {
    Role wanted = required(role, "role");
    return transactions.write(() -> {
      Member changer = views.membership(id, actor);
      views.conversation(id).requireGroup("role", "a direct conversation has no roles to change");
      changer.requireRole(Role.OWNER, "change roles");
      if (actor.equals(user)) {
        throw InvalidException.of("userId", "you cannot change your own role; make someone else owner instead");
      }
      Member target = conversations.findMember(id, user).orElseThrow(() -> new NotFoundException("member"));
      Instant now = clock.instant();
      List<Member> members = conversations.members(id);
      if (wanted == Role.OWNER) {
        updateRole(changer, Role.ADMIN, members, now);
      }
      return updateRole(target, wanted, members, now);
    });
  }

  private MemberView updateRole(Member member, Role role, List<Member> members, Instant now) {
    Member changed = member.withRole(role);
    conversations.saveMember(changed);
    MemberView view = views.member(changed);
    journal.record(Event.ofMember(EventType.MEMBER_UPDATED, changed, null, now), ConversationService.userIds(members), view);
    return view;
  }

  void removeMember(UserId actor, ConversationId id, UserId user) {
    transactions.write(() -> {
      Member remover = views.membership(id, actor);
      views.conversation(id).requireGroup("userId", "nobody leaves a direct conversation");
      Member target = conversations.findMember(id, user).orElseThrow(() -> new NotFoundException("member"));
      remover.requireMayRemove(target);
      Instant now = clock.instant();
      MemberView view = views.member(target);
      // what happened while they were a member stays in their replay; what follows does not
      conversations.deleteMember(id, user, journal.head());
      List<Member> remaining = conversations.members(id);
      journal.record(Event.ofMember(EventType.MEMBER_LEFT, target, null, now), ConversationService.userIds(remaining), view);
      // The one who leaves hears it too, as the last event of this conversation they get.
      journal.record(Event.ofMember(EventType.MEMBER_LEFT, target, user, now), Set.of(user), view);
      if (target.role() == Role.OWNER) {
        Succession.nextOwner(remaining).ifPresent(heir -> updateRole(heir, Role.OWNER, remaining, now));
      }
      return null;
    });
  }

  /** Adds {@code user}: their feed starts with their own conversation.created. */
  Member join(Conversation conversation, UserId user, Role role, Instant now) {
    Member member = new Member(conversation.id(), user, role, now, 0, 0);
    Event created = journal.record(
        Event.ofConversation(EventType.CONVERSATION_CREATED, conversation.id(), user, now), Set.of(user), null);
    Member joined = member.since(created.position());
    conversations.saveMember(joined);
    return joined;
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw InvalidException.of(field, "is required");
    }
    return value;
  }

}
