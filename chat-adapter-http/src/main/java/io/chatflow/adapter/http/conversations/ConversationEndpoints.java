package io.chatflow.adapter.http.conversations;

import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.adapter.http.plumbing.Requests;
import io.chatflow.adapter.http.plumbing.Responses;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Conversations;
import io.chatflow.ports.in.NewConversation;
import java.util.List;

/** Conversations and their members. */
public final class ConversationEndpoints {
  private final Conversations conversations;

  public ConversationEndpoints(Conversations conversations) {
    this.conversations = conversations;
  }

  public Reply create(Call call) {
    Requests.CreateConversation r = call.json(Requests.CreateConversation.class);
    List<String> raw = r.memberIds();
    if (raw != null && raw.stream().anyMatch(id -> id == null)) {
      throw InvalidException.of("memberIds", "must not contain null");
    }
    if (raw != null && raw.stream().anyMatch(id -> id.indexOf('\0') >= 0)) {
      throw InvalidException.of("memberIds", "no such user"); // no id holds a NUL (PostgreSQL refuses to look one up)
    }
    var created = conversations.create(call.user(),
        NewConversation.of(r.kind(), r.title(), raw == null ? null : raw.stream().map(UserId::new).toList()));
    var body = Responses.ConversationDetailJson.from(created.conversation(), call.user());
    return created.created()
        ? Reply.created(body).withHeader("Location", "/api/v1/conversations/" + body.id())
        : Reply.ok(body);
  }

  public Reply list(Call call) {
    var page = conversations.list(call.user(), call.query("cursor"), call.intQuery("limit"));
    return Reply.ok(Responses.PageJson.from(page, s -> Responses.ConversationJson.from(s, call.user())));
  }

  public Reply get(Call call) {
    return Reply.ok(Responses.ConversationDetailJson.from(conversations.get(call.user(), id(call)), call.user()));
  }

  public Reply rename(Call call) {
    Requests.RenameConversation r = call.json(Requests.RenameConversation.class);
    return Reply.ok(Responses.ConversationJson.from(conversations.rename(call.user(), id(call), r.title()), call.user()));
  }

  public Reply members(Call call) {
    var page = conversations.members(call.user(), id(call), call.query("cursor"), call.intQuery("limit"));
    return Reply.ok(Responses.PageJson.from(page, Responses.MemberJson::from));
  }

  public Reply addMember(Call call) {
    Requests.AddMember r = call.json(Requests.AddMember.class);
    if (r.userId() == null) {
      throw InvalidException.of("userId", "is required");
    }
    if (r.userId() != null && r.userId().indexOf('\0') >= 0) {
      throw InvalidException.of("userId", "no such user");
    }
    var member = conversations.addMember(call.user(), id(call), new UserId(r.userId()),
        r.role() == null ? null : Role.parse(r.role(), "role"));
    return Reply.created(Responses.MemberJson.from(member));
  }

  public Reply changeRole(Call call) {
    Requests.ChangeRole r = call.json(Requests.ChangeRole.class);
    var member = conversations.changeRole(call.user(), id(call), new UserId(call.path("userId")),
        Role.parse(r.role(), "role"));
    return Reply.ok(Responses.MemberJson.from(member));
  }

  public Reply removeMember(Call call) {
    conversations.removeMember(call.user(), id(call), new UserId(call.path("userId")));
    return Reply.noContent();
  }

  public static ConversationId id(Call call) {
    return new ConversationId(call.path("id"));
  }
}
