package io.chatflow.service;

import io.chatflow.domain.Limit;
import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.search.SearchTerms;
import io.chatflow.domain.search.SearchText;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.Search;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.SearchStore;
import io.chatflow.ports.out.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Search over what the caller may read now: the conversations they are a member of at the
 * moment of the query, read in the same transaction as the index.
 */
final class SearchService implements Search {
  private final SearchStore index;
  private final ConversationStore conversations;
  private final Transactions transactions;
  private final Views views;

  SearchService(SearchStore index, ConversationStore conversations, Transactions transactions, Views views) {
    this.index = index;
    this.conversations = conversations;
    this.transactions = transactions;
    this.views = views;
  }

  @Override
  public Page<Found> messages(UserId actor, Request request) {
    SearchTerms terms = SearchTerms.parse(request.q());
    Limit size = Limit.of(request.limit());
    SearchStore.Place after = SearchCursor.decode(request.cursor());
    if (terms.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    return transactions.read(() -> {
      Set<ConversationId> scope = scope(actor, request.conversation());
      if (scope.isEmpty()) {
        return new Page<Found>(List.of(), null);
      }
      List<SearchStore.Hit> hits =
          index.search(new SearchStore.Query(terms, scope, request.sender(), after, size.value() + 1));
      boolean more = hits.size() > size.value();
      List<SearchStore.Hit> page = more ? hits.subList(0, size.value()) : hits;
      List<MessageView> views = this.views.messages(page.stream().map(SearchStore.Hit::message).toList());
      List<Found> found = new ArrayList<>(page.size());
      for (MessageView view : views) {
        found.add(new Found(view, SearchText.highlight(view.message().body(), terms)));
      }
      String next = more ? SearchCursor.encode(page.get(page.size() - 1).place()) : null;
      return new Page<>(found, next);
    });
  }

  /** One conversation if the caller is in it, else all of theirs: never one they are not in now. */
  private Set<ConversationId> scope(UserId actor, ConversationId only) {
    if (only != null) {
      return views.isMember(only, actor) ? Set.of(only) : Set.of();
    }
    return Set.copyOf(conversations.conversationIdsOf(actor));
  }
}
