package io.chatflow.adapter.http;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Accounts;

/** The caller's account, and other people. */
final class UserEndpoints {
  private final Accounts accounts;

  UserEndpoints(Accounts accounts) {
    this.accounts = accounts;
  }

  Reply me(Call call) {
    return Reply.ok(Responses.UserJson.from(accounts.me(call.user())));
  }

  Reply renameMe(Call call) {
    Requests.RenameMe r = call.json(Requests.RenameMe.class);
    return Reply.ok(Responses.UserJson.from(accounts.rename(call.user(), r.displayName())));
  }

  Reply changePassword(Call call) {
    Requests.ChangePassword r = call.json(Requests.ChangePassword.class);
    accounts.changePassword(call.user(), call.session(), r.currentPassword(), r.newPassword());
    return Reply.noContent();
  }

  Reply search(Call call) {
    String q = call.query("q");
    var page = accounts.search(q == null ? "" : q, call.query("cursor"), call.intQuery("limit"));
    return Reply.ok(Responses.PageJson.from(page, Responses.UserJson::from));
  }

  Reply find(Call call) {
    return Reply.ok(Responses.ProfileJson.from(accounts.find(new UserId(call.path("id")))));
  }
}
