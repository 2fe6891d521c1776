package io.chatflow.adapter.http.messages;

import io.chatflow.adapter.http.conversations.ConversationEndpoints;
import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.adapter.http.plumbing.Requests;
import io.chatflow.adapter.http.plumbing.Responses;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.Messaging;

/** Messages, threads, reactions, mentions, read markers and typing. */
public final class MessageEndpoints {
  private final Messaging messaging;

  public MessageEndpoints(Messaging messaging) {
    this.messaging = messaging;
  }

  public Reply post(Call call) {
    Requests.PostMessage r = call.json(Requests.PostMessage.class);
    UserId viewer = call.user();
    var paced = messaging.postPaced(viewer, ConversationEndpoints.id(call), r.body(), r.clientMessageId(), r.replyTo())
        .toCompletableFuture();
    // durable now; under overload the answer waits for the fan-out, without holding this worker
    return paced.isDone() ? reply(paced.join(), viewer) : Reply.later(paced.thenApply(p -> reply(p, viewer)));
  }

  private static Reply reply(Messaging.Posted posted, UserId viewer) {
    var body = Responses.MessageJson.from(posted.message(), viewer);
    return posted.created() ? Reply.created(body) : Reply.ok(body);
  }

  public Reply list(Call call) {
    var query = new MessageQuery(call.longQuery("before"), call.longQuery("after"), call.query("cursor"),
        call.intQuery("limit"));
    var page = messaging.list(call.user(), ConversationEndpoints.id(call), query);
    return Reply.ok(Responses.PageJson.from(page, Responses.MessageJson.as(call.user())));
  }

  public Reply edit(Call call) {
    long seq = seq(call);
    Requests.EditMessage r = call.json(Requests.EditMessage.class);
    var edited = messaging.edit(call.user(), ConversationEndpoints.id(call), seq, r.body());
    return Reply.ok(Responses.MessageJson.from(edited, call.user()));
  }

  public Reply delete(Call call) {
    var tombstone = messaging.delete(call.user(), ConversationEndpoints.id(call), seq(call));
    return Reply.ok(Responses.MessageJson.from(tombstone, call.user()));
  }

  public Reply replies(Call call) {
    long seq = seq(call);
    var query = new MessageQuery(null, call.longQuery("after"), call.query("cursor"), call.intQuery("limit"));
    var page = messaging.replies(call.user(), ConversationEndpoints.id(call), seq, query);
    return Reply.ok(Responses.PageJson.from(page, Responses.MessageJson.as(call.user())));
  }

  public Reply react(Call call) {
    long seq = seq(call);
    var reacted = messaging.react(call.user(), ConversationEndpoints.id(call), seq, call.path("emoji"));
    var body = Responses.MessageJson.from(reacted.message(), call.user());
    return reacted.created() ? Reply.created(body) : Reply.ok(body);
  }

  public Reply unreact(Call call) {
    messaging.unreact(call.user(), ConversationEndpoints.id(call), seq(call), call.path("emoji"));
    return Reply.noContent();
  }

  public Reply mentions(Call call) {
    var page = messaging.mentions(call.user(), call.query("cursor"), call.intQuery("limit"));
    return Reply.ok(Responses.PageJson.from(page, Responses.MessageJson.as(call.user())));
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
