package io.chatflow.adapter.http.messages;

import io.chatflow.adapter.http.conversations.ConversationEndpoints;
import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.adapter.http.plumbing.Requests;
import io.chatflow.adapter.http.plumbing.Responses;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.Messaging;

/** Messages, read markers and typing. */
public final class MessageEndpoints {
  private final Messaging messaging;

  public MessageEndpoints(Messaging messaging) {
    this.messaging = messaging;
  }

  public Reply post(Call call) {
    Requests.PostMessage r = call.json(Requests.PostMessage.class);
    var paced = messaging.postPaced(call.user(), ConversationEndpoints.id(call), r.body(), r.clientMessageId())
        .toCompletableFuture();
    // durable now; under overload the answer waits for the fan-out, without holding this worker
    return paced.isDone() ? reply(paced.join()) : Reply.later(paced.thenApply(MessageEndpoints::reply));
  }

  private static Reply reply(Messaging.Posted posted) {
    var body = Responses.MessageJson.from(posted.message());
    return posted.created() ? Reply.created(body) : Reply.ok(body);
  }

  public Reply list(Call call) {
    var query = new MessageQuery(call.longQuery("before"), call.longQuery("after"), call.query("cursor"),
        call.intQuery("limit"));
    var page = messaging.list(call.user(), ConversationEndpoints.id(call), query);
    return Reply.ok(Responses.PageJson.from(page, Responses.MessageJson::from));
  }

  public Reply edit(Call call) {
    long seq = seq(call);
    Requests.EditMessage r = call.json(Requests.EditMessage.class);
    return Reply.ok(Responses.MessageJson.from(messaging.edit(call.user(), ConversationEndpoints.id(call), seq, r.body())));
  }

  public Reply delete(Call call) {
    return Reply.ok(Responses.MessageJson.from(messaging.delete(call.user(), ConversationEndpoints.id(call), seq(call))));
  }

  public Reply markRead(Call call) {
    Requests.MoveReadMarker r = call.json(Requests.MoveReadMarker.class);
    if (r.seq() == null) {
      throw InvalidException.of("seq", "is required");
    }
    return Reply.ok(Responses.ReadMarkerJson.from(messaging.markRead(call.user(), ConversationEndpoints.id(call), r.seq())));
  }

  public Reply typing(Call call) {
    messaging.typing(call.user(), ConversationEndpoints.id(call));
    return Reply.noContent();
  }

  /** A seq that is not a number names no message. */
  private static long seq(Call call) {
    try {
      return Long.parseLong(call.path("seq"));
    } catch (NumberFormatException e) {
      throw new NotFoundException("message");
    }
  }
}
