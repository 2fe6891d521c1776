package io.chatflow.adapter.http.users;

import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.adapter.http.plumbing.Requests;
import io.chatflow.adapter.http.plumbing.Responses;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.Sessions;

/** The caller's account and sessions, and other people. */
public final class UserEndpoints {
  private final Accounts accounts;
  private final Sessions sessions;

  public UserEndpoints(Accounts accounts, Sessions sessions) {
    this.accounts = accounts;
    this.sessions = sessions;
  }

  public Reply me(Call call) {
    return Reply.ok(Responses.UserJson.from(accounts.me(call.user())));
  }

  public Reply renameMe(Call call) {
    Requests.RenameMe r = call.json(Requests.RenameMe.class);
    return Reply.ok(Responses.UserJson.from(accounts.rename(call.user(), r.displayName())));
  }

  public Reply changePassword(Call call) {
    Requests.ChangePassword r = call.json(Requests.ChangePassword.class);
    accounts.changePassword(call.user(), call.session(), r.currentPassword(), r.newPassword());
    return Reply.noContent();
  }

  public Reply deactivate(Call call) {
    Requests.Deactivate r = call.json(Requests.Deactivate.class);
    accounts.deactivate(call.user(), r.password());
    return Reply.noContent();
  }

  public Reply sessions(Call call) {
    var page = sessions.list(call.user(), call.session(), call.query("cursor"), call.intQuery("limit"));
    return Reply.ok(Responses.PageJson.from(page, Responses.SessionJson::from));
  }

  public Reply endSession(Call call) {
    sessions.end(call.user(), new SessionId(call.path("id")));
    return Reply.noContent();
  }

  public Reply search(Call call) {
    String q = call.query("q");
    var page = accounts.search(q == null ? "" : q, call.query("cursor"), call.intQuery("limit"));
    return Reply.ok(Responses.PageJson.from(page, Responses.UserJson::from));
  }

  public Reply find(Call call) {
    return Reply.ok(Responses.ProfileJson.from(accounts.find(new UserId(call.path("id")))));
  }
}
