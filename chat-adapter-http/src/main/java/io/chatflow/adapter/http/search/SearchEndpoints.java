package io.chatflow.adapter.http.search;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.adapter.http.plumbing.Responses;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Search;

/** Message search: the query values as the core takes them, each item a message plus its highlight. */
public final class SearchEndpoints {
  private final Search search;

  public SearchEndpoints(Search search) {
    this.search = search;
  }

  public Reply messages(Call call) {
    String conversation = id(call, "conversationId");
    String sender = id(call, "senderId");
    var request = new Search.Request(call.query("q"), conversation == null ? null : new ConversationId(conversation),
        sender == null ? null : new UserId(sender), call.query("cursor"), call.intQuery("limit"));
    return Reply.ok(Responses.PageJson.from(search.messages(call.user(), request), f -> FoundJson.from(f, call.user())));
  }

  /** An id is opaque: any text names one (an unknown one finds nothing), but not the empty text. */
  private static String id(Call call, String name) {
    String value = call.query(name);
    if (value != null && value.isEmpty()) {
      throw new MalformedException(name, "is not an id");
    }
    return value;
  }

  /** A message as every list shows it, plus its body with the matches marked. */
  public record FoundJson(@JsonUnwrapped Responses.MessageJson message, String highlight) {
    static FoundJson from(Search.Found found, UserId viewer) {
      return new FoundJson(Responses.MessageJson.from(found.message(), viewer), found.highlight());
    }
  }
}
