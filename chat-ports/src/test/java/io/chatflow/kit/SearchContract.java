package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Search;
import io.chatflow.ports.in.Search.Found;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Search as every store must answer it: words, relevance, membership now, current texts only. */
public abstract class SearchContract extends UseCaseTest {
  private User alice;
  private User bob;
  private User carol;
  private ConversationId team;

  @BeforeEach
  void conversation() {
    alice = register("alice");
    bob = register("bob");
    carol = register("carol");
    team = group(alice, bob, carol);
  }

  private Page<Found> search(User who, String q) {
    return search(who, new Search.Request(q, null, null, null, null));
  }

  private Page<Found> search(User who, Search.Request request) {
    return core.search().messages(who.id(), request);
  }

  private static List<String> bodies(Page<Found> page) {
    return page.items().stream().map(f -> f.message().message().body()).toList();
  }

  @Test
  void wordsMatchWithoutCaseOrAccentsAndTheLastWordAsAPrefix() {
    post(alice, team, "Crème brûlée tonight?");
    post(bob, team, "creme fraiche only");
    post(bob, team, "something else");

    assertThat(bodies(search(carol, "CREME BRU"))).containsExactly("Crème brûlée tonight?");
    assertThat(bodies(search(carol, "crème"))).containsExactlyInAnyOrder("Crème brûlée tonight?", "creme fraiche only");
    assertThat(bodies(search(carol, "brulee tonight"))).containsExactly("Crème brûlée tonight?");
    assertThat(search(carol, "tonigh brûlée").items()).isEmpty();
  }

  @Test
  void wordsOfOtherScriptsMatchAsLatinOnesDo() {
    post(alice, team, "한국어 검색 테스트");
    post(bob, team, "ΣΟΦΙΑ είπε καλημέρα");
    post(bob, team, "Привет всем");
    post(carol, team, "ガイドブック を 読んだ");
    post(carol, team, "नमस्ते दुनिया");

    assertThat(bodies(search(carol, "한국"))).containsExactly("한국어 검색 테스트");
    assertThat(bodies(search(carol, "검색"))).containsExactly("한국어 검색 테스트");
    assertThat(bodies(search(carol, "σοφια καλημ"))).containsExactly("ΣΟΦΙΑ είπε καλημέρα");
    assertThat(bodies(search(carol, "ПРИВЕТ"))).containsExactly("Привет всем");
    assertThat(bodies(search(carol, "ガイド"))).containsExactly("ガイドブック を 読んだ");
    assertThat(search(carol, "カイト").items()).as("a kana keeps its voicing mark").isEmpty();
    assertThat(bodies(search(carol, "नमस्ते"))).containsExactly("नमस्ते दुनिया");
    assertThat(search(carol, "नम दुनिया").items()).as("a vowel sign is part of its letter").isEmpty();
    assertThat(search(carol, "한국인").items()).isEmpty();
  }

  @Test
  void eachHitCarriesItsBodyWithTheMatchesMarked() {
    post(alice, team, "Deploy the café build, then deploy again");

    Found found = search(bob, "deploy caf").items().get(0);

    assertThat(found.highlight())
        .isEqualTo("\u0002Deploy\u0003 the \u0002café\u0003 build, then \u0002deploy\u0003 again");
    assertThat(found.message().sender().id()).isEqualTo(alice.id());
    assertThat(found.message().message().conversationId()).isEqualTo(team);
  }

  @Test
  void theMostRelevantComeFirstThenTheNewest() {
    post(alice, team, "lunch at noon with the whole team and then a long walk");
    post(alice, team, "lunch lunch lunch");
    post(alice, team, "lunch today");
    clock.advance(java.time.Duration.ofSeconds(5));
    post(alice, team, "lunch today");

    List<Found> hits = search(bob, "lunch").items();

    assertThat(hits).extracting(f -> f.message().message().body())
        .containsExactly("lunch lunch lunch", "lunch today", "lunch today",
            "lunch at noon with the whole team and then a long walk");
    assertThat(hits.get(1).message().message().seq()).isEqualTo(4);
    assertThat(hits.get(2).message().message().seq()).isEqualTo(3);
  }

  @Test
  void anEditedMessageIsFoundByItsNewTextOnlyAndADeletedOneNotAtAll() {
    long edited = post(alice, team, "the meeting moved to tuesday").message().seq();
    long deleted = post(bob, team, "the meeting password is hunter2").message().seq();
    core.messaging().edit(alice.id(), team, edited, "the standup moved to friday");
    core.messaging().delete(bob.id(), team, deleted);

    assertThat(search(carol, "meeting").items()).isEmpty();
    assertThat(search(carol, "tuesday").items()).isEmpty();
    assertThat(search(carol, "hunter2").items()).isEmpty();
    assertThat(bodies(search(carol, "standup friday"))).containsExactly("the standup moved to friday");
  }

  @Test
  void aWriteThatRollsBackLeavesTheIndexAsItWas() {
    Message original = post(alice, team, "budget draft one").message();
    assertThatThrownBy(() -> write(() -> {
      stores.messages().save(original.edited(alice.id(), "revised figures", clock.instant()));
      throw new IllegalStateException("the write fails after the edit");
    })).isInstanceOf(IllegalStateException.class);

    assertThat(bodies(search(bob, "budget"))).containsExactly("budget draft one");
    assertThat(search(bob, "revised").items()).isEmpty();
  }

  @Test
  void aMemberWhoIsRemovedStopsFindingTheConversationAtOnce() {
    ConversationId other = group(bob, alice);
    post(alice, team, "quarterly numbers are in");
    post(bob, other, "quarterly party planning");
    assertThat(search(carol, "quarterly").items()).hasSize(1);

    core.conversations().removeMember(alice.id(), team, carol.id());

    assertThat(search(carol, "quarterly").items()).isEmpty();
    assertThat(search(carol, new Search.Request("quarterly", team, null, null, null)).items()).isEmpty();
    assertThat(search(bob, "quarterly").items()).hasSize(2);
  }

  @Test
  void nobodyFindsMessagesOfAConversationTheyAreNotIn() {
    User dave = register("dave");
    ConversationId davesOwn = group(dave);
    post(alice, team, "secret plans");
    post(dave, davesOwn, "my own plans");

    assertThat(bodies(search(dave, "plans"))).containsExactly("my own plans");
    assertThat(search(dave, new Search.Request("plans", team, null, null, null)).items()).isEmpty();
    assertThat(search(dave, new Search.Request("plans", new ConversationId("no-such"), null, null, null)).items())
        .isEmpty();
  }

  @Test
  void searchNarrowsToOneConversationAndOneSender() {
    ConversationId other = group(alice, bob);
    post(alice, team, "release notes for the team");
    post(bob, team, "release date is friday");
    post(alice, other, "release party");

    assertThat(bodies(search(bob, new Search.Request("release", other, null, null, null))))
        .containsExactly("release party");
    assertThat(bodies(search(bob, new Search.Request("release", null, bob.id(), null, null))))
        .containsExactly("release date is friday");
    assertThat(search(bob, new Search.Request("release", team, alice.id(), null, null)).items()).hasSize(1);
    assertThat(search(bob, new Search.Request("release", null, new UserId("nobody"), null, null)).items()).isEmpty();
  }

  @Test
  void aUserInVeryManyConversationsSearchesThemAll() {
    User dave = register("dave");
    List<ConversationId> many = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      many.add(group(dave));
    }
    post(dave, many.get(0), "needle in the first");
    post(dave, many.get(69), "needle in the last");
    post(alice, team, "needle where dave is not");

    assertThat(bodies(search(dave, "needle"))).containsExactlyInAnyOrder("needle in the first", "needle in the last");
    assertThat(bodies(search(dave, new Search.Request("needle", many.get(69), null, null, null))))
        .containsExactly("needle in the last");
  }

  @Test
  void pagesFollowTheCursorThroughEveryHitOnce() {
    for (int i = 1; i <= 7; i++) {
      post(i % 2 == 0 ? alice : bob, team, "standup note " + i + (i % 3 == 0 ? " standup" : ""));
    }
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Page<Found> page = search(carol, new Search.Request("standup", null, null, cursor, 3));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(3);
      page.items().forEach(f -> seen.add(f.message().message().seq()));
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(seen.subList(0, 2)).containsExactlyInAnyOrder(3L, 6L);
  }

  @Test
  void qMustHoldOneTo200CharactersAndTheOtherValuesTheirType() {
    post(alice, team, "hello");
    assertThatThrownBy(() -> search(bob, "")).isInstanceOf(InvalidException.class).hasMessageContaining("q");
    assertThatThrownBy(() -> search(bob, (String) null)).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> search(bob, "h".repeat(201))).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> search(bob, new Search.Request("hello", null, null, null, 0)))
        .isInstanceOf(InvalidException.class).hasMessageContaining("limit");
    assertThatThrownBy(() -> search(bob, new Search.Request("hello", null, null, "not-a-cursor", null)))
        .isInstanceOf(MalformedException.class);
    assertThat(search(bob, "!!! ???").items()).isEmpty();
    assertThat(search(bob, "h".repeat(200)).items()).isEmpty();
  }
}
