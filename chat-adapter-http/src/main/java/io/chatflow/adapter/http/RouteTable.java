package io.chatflow.adapter.http;

import static io.chatflow.adapter.http.plumbing.Route.bearer;
import static io.chatflow.adapter.http.plumbing.Route.oauth;
import static io.chatflow.adapter.http.plumbing.Route.open;
import static io.chatflow.adapter.http.plumbing.Route.raw;

import io.chatflow.adapter.http.auth.AuthEndpoints;
import io.chatflow.adapter.http.auth.MetricsGuard;
import io.chatflow.adapter.http.conversations.ConversationEndpoints;
import io.chatflow.adapter.http.limits.Action;
import io.chatflow.adapter.http.limits.Throttles;
import io.chatflow.adapter.http.live.EventEndpoints;
import io.chatflow.adapter.http.live.SocketEndpoint;
import io.chatflow.adapter.http.live.StreamEndpoint;
import io.chatflow.adapter.http.messages.MessageEndpoints;
import io.chatflow.adapter.http.ops.OpsEndpoints;
import io.chatflow.adapter.http.plumbing.Route;
import io.chatflow.adapter.http.search.SearchEndpoints;
import io.chatflow.adapter.http.plumbing.Throttle;
import io.chatflow.adapter.http.users.UserEndpoints;
import io.chatflow.adapter.http.web.SwaggerUi;
import io.chatflow.adapter.http.web.WebClient;
import java.util.List;

/**
 * Every route of the API in one place. Every write is {@code .limited(limits.of(Action.X))}: a
 * new write route adds its {@code Action} and says so here.
 * openapi.json describes exactly these (a test holds them together).
 */
final class RouteTable {
  private static final String V1 = Route.V1;
  private RouteTable() {}

  static List<Route> routes(AuthEndpoints auth, UserEndpoints users, ConversationEndpoints conversations,
      MessageEndpoints messages, SearchEndpoints search, EventEndpoints events, StreamEndpoint stream, SocketEndpoint socket,
      OpsEndpoints ops, Throttles limits, MetricsGuard metricsGuard) {
    Throttle change = limits.of(Action.CHANGE);
    return List.of(
        open("POST", V1 + "/auth/register", auth::register).limited(limits.of(Action.REGISTER)),
        oauth("POST", V1 + "/auth/token", auth::token),
        oauth("POST", V1 + "/auth/revoke", auth::revoke),
        open("GET", "/.well-known/jwks.json", auth::jwks),

        bearer("GET", V1 + "/users/me", users::me),
        bearer("PATCH", V1 + "/users/me", users::renameMe).limited(change),
        bearer("POST", V1 + "/users/me/password", users::changePassword).limited(change),
        bearer("POST", V1 + "/users/me/deactivate", users::deactivate).limited(change),
        bearer("GET", V1 + "/users/me/sessions", users::sessions),
        bearer("DELETE", V1 + "/users/me/sessions/{id}", users::endSession).limited(change),
        bearer("GET", V1 + "/users/me/mentions", messages::mentions),
        bearer("GET", V1 + "/users", users::search),
        bearer("GET", V1 + "/users/{id}", users::find),

        bearer("POST", V1 + "/conversations", conversations::create).limited(limits.of(Action.CREATE_CONVERSATION)),
        bearer("GET", V1 + "/conversations", conversations::list),
        bearer("GET", V1 + "/conversations/{id}", conversations::get),
        bearer("PATCH", V1 + "/conversations/{id}", conversations::rename).limited(change),
        bearer("GET", V1 + "/conversations/{id}/members", conversations::members),
        bearer("POST", V1 + "/conversations/{id}/members", conversations::addMember).limited(limits.of(Action.ADD_MEMBER)),
        bearer("PATCH", V1 + "/conversations/{id}/members/{userId}", conversations::changeRole).limited(change),
        bearer("DELETE", V1 + "/conversations/{id}/members/{userId}", conversations::removeMember).limited(change),

        bearer("POST", V1 + "/conversations/{id}/messages", messages::post).limited(limits.of(Action.POST)),
        bearer("GET", V1 + "/conversations/{id}/messages", messages::list),
        bearer("PATCH", V1 + "/conversations/{id}/messages/{seq}", messages::edit).limited(limits.of(Action.EDIT)),
        bearer("DELETE", V1 + "/conversations/{id}/messages/{seq}", messages::delete).limited(limits.of(Action.DELETE)),
        bearer("GET", V1 + "/conversations/{id}/messages/{seq}/replies", messages::replies),
        bearer("PUT", V1 + "/conversations/{id}/messages/{seq}/reactions/{emoji}", messages::react)
            .limited(limits.of(Action.REACT)),
        bearer("DELETE", V1 + "/conversations/{id}/messages/{seq}/reactions/{emoji}", messages::unreact)
            .limited(limits.of(Action.REACT)),
        bearer("PUT", V1 + "/conversations/{id}/read", messages::markRead).limited(change),
        bearer("POST", V1 + "/conversations/{id}/typing", messages::typing).limited(limits.of(Action.TYPING)),

        bearer("GET", V1 + "/search/messages", search::messages),

        bearer("GET", V1 + "/events", events::poll),
        bearer("GET", V1 + "/events/stream", stream::stream).live(),
        open("GET", V1 + "/ws", socket::open).live(),

        open("GET", "/health", ops::health),
        open("GET", "/ready", ops::ready),
        open("GET", "/metrics", metricsGuard.around(ops::metrics)),
        open("GET", "/openapi.json", ops::openApi),
        raw("GET", "/docs", SwaggerUi.redirect()),
        raw("GET", "/docs/*", SwaggerUi.files()),
        raw("GET", "/", WebClient.files()),
        raw("GET", WebClient.ASSETS + "*", WebClient.files()));
  }
}
