package io.chatflow.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.conversation.Succession;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.message.MessageBody;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {
  private static final ConversationId C = new ConversationId("c");
  private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");

  private static Member member(String user, Role role, long since) {
    return new Member(C, new UserId(user), role, T, 0, since);
  }

  @Test
  void usernamesAreLowerCasedThenChecked() {
    assertThat(Username.of("Bob_1.x-Y").value()).isEqualTo("bob_1.x-y");
    assertThatThrownBy(() -> Username.of("bob smith")).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> Username.of("bö")).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> Username.of("ab")).isInstanceOf(InvalidException.class);
  }

  @Test
  void bodiesAreMeasuredTrimmedInCodePointsButKeptAsSent() {
    assertThat(MessageBody.requireValid(" hi ")).isEqualTo(" hi ");
    assertThat(MessageBody.requireValid("𝄞".repeat(10_000))).hasSize(20_000);
    assertThatThrownBy(() -> MessageBody.requireValid("𝄞".repeat(10_001))).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> MessageBody.requireValid("\n \t")).isInstanceOf(InvalidException.class);
  }

  @Test
  void textIsValidUnicodeWithoutNul() {
    assertThat(Text.require("a𝄞b", "body")).isEqualTo("a𝄞b");
    for (String bad : List.of("a\ud800", "\udc00b", "a\ud800\ud800b", "a\u0000b")) {
      assertThatThrownBy(() -> MessageBody.requireValid(bad)).isInstanceOf(InvalidException.class);
    }
  }

  @Test
  void eventCursorsAreDecimalPositionsAndAnythingElseIsMalformed() {
    assertThat(EventCursor.parse("42", "after").position()).isEqualTo(42);
    for (String bad : List.of("", "-1", "abc", "1e3", "99999999999999999999", " 1")) {
      assertThatThrownBy(() -> EventCursor.parse(bad, "after")).isInstanceOf(MalformedException.class);
    }
  }

  @Test
  void readMarkersOnlyMoveForward() {
    Member m = member("u", Role.MEMBER, 1).readUpTo(5);
    assertThat(m.readUpTo(3)).isSameAs(m);
    assertThat(m.readUpTo(6).readSeq()).isEqualTo(6);
  }

  @Test
  void adminsRemoveOnlyMembersAndOwnersRemoveAnyone() {
    Member owner = member("o", Role.OWNER, 1);
    Member admin = member("a", Role.ADMIN, 2);
    Member other = member("b", Role.ADMIN, 3);
    Member plain = member("m", Role.MEMBER, 4);
    admin.requireMayRemove(plain);
    admin.requireMayRemove(admin);
    owner.requireMayRemove(other);
    assertThatThrownBy(() -> admin.requireMayRemove(other)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> admin.requireMayRemove(owner)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> plain.requireMayRemove(admin)).isInstanceOf(ForbiddenException.class);
  }

  @Test
  void theLongestStandingAdminSucceedsElseTheLongestStandingMember() {
    Member early = member("early", Role.MEMBER, 1);
    Member lateAdmin = member("admin", Role.ADMIN, 9);
    Member earlyAdmin = member("admin0", Role.ADMIN, 5);
    assertThat(Succession.nextOwner(List.of(early, lateAdmin, earlyAdmin))).contains(earlyAdmin);
    assertThat(Succession.nextOwner(List.of(member("late", Role.MEMBER, 7), early))).contains(early);
    assertThat(Succession.nextOwner(List.of())).isEmpty();
  }
}
