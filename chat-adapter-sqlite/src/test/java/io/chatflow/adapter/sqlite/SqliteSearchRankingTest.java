package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.User;
import io.chatflow.kit.Stores;
import io.chatflow.kit.UseCaseTest;
import io.chatflow.ports.in.Search;
import io.chatflow.ports.in.Search.Found;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reader in more conversations than one full-text query names gets one ranking across all of them. */
class SqliteSearchRankingTest extends UseCaseTest {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }

  @Test
  void hitsFromConversationsSearchedInSeparateQueriesAreRankedTogether() {
    User dave = register("dave");
    List<ConversationId> many = new ArrayList<>();
    for (int i = 0; i < 2 * SqliteSearchStore.CONVERSATIONS_PER_QUERY + 2; i++) {
      many.add(group(dave));
    }
    for (int i = 0; i < many.size(); i += 3) {
      post(dave, many.get(i), "lunch at noon with the whole team and then a long walk " + i);
    }
    post(dave, many.get(1), "lunch today");
    post(dave, many.get(many.size() - 1), "lunch lunch lunch");

    Page<Found> first = core.search().messages(dave.id(), new Search.Request("lunch", null, null, null, 3));
    Page<Found> second = core.search().messages(dave.id(), new Search.Request("lunch", null, null, first.nextCursor(), 100));

    assertThat(first.items()).extracting(f -> f.message().message().body())
        .startsWith("lunch lunch lunch", "lunch today").last().asString().startsWith("lunch at noon");
    assertThat(second.items()).hasSize((many.size() + 2) / 3 - 1)
        .allMatch(f -> f.message().message().body().startsWith("lunch at noon"));
  }
}
