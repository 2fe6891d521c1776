package io.chatflow.adapter.http.users;

import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.adapter.http.plumbing.Requests;
import io.chatflow.adapter.http.plumbing.Responses;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Accounts;

/** The caller's account, and other people. */
public final class UserEndpoints {
  private final Accounts accounts;

  public UserEndpoints(Accounts accounts) {
    this.accounts = accounts;
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

  public Reply search(Call call) {
    String q = call.query("q");
    var page = accounts.search(q == null ? "" : q, call.query("cursor"), call.intQuery("limit"));
    return Reply.ok(Responses.PageJson.from(page, Responses.UserJson::from));
  }

  public Reply find(Call call) {
    return Reply.ok(Responses.ProfileJson.from(accounts.find(new UserId(call.path("id")))));
  }
}
