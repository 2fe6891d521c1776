package io.chatflow.adapter.http.auth;

import io.chatflow.adapter.http.plumbing.BadToken;
import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.OAuthError;
import io.chatflow.adapter.http.plumbing.Principal;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.adapter.http.plumbing.Requests;
import io.chatflow.adapter.http.plumbing.Responses;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.UnauthenticatedException;
import io.chatflow.domain.user.SessionClient;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.Login;
import io.chatflow.ports.in.Sessions;
import io.undertow.util.Headers;
import java.util.Map;
import java.util.function.Supplier;

/** Register, the OAuth 2.0 token endpoint (password and refresh_token grants), revoke, and the JWKS. */
public final class AuthEndpoints {
  private final Accounts accounts;
  private final Sessions sessions;
  private final AccessTokens tokens;
  private final Supplier<Map<String, Object>> publicJwks;
  private final LoginLimiter limiter;
  private final ClientAddresses addresses;
  private final PasswordWork passwords;

  public AuthEndpoints(Accounts accounts, Sessions sessions, AccessTokens tokens, Supplier<Map<String, Object>> publicJwks, LoginLimiter limiter,
      ClientAddresses addresses, PasswordWork passwords) {
    this.accounts = accounts;
    this.sessions = sessions;
    this.tokens = tokens;
    this.publicJwks = publicJwks;
    this.limiter = limiter;
    this.addresses = addresses;
    this.passwords = passwords;
  }

  public Reply register(Call call) {
    Requests.Register r = call.json(Requests.Register.class);
    return passwords.later(() -> {
      User user = accounts.register(r.username(), r.password(), r.displayName());
      return Reply.created(Responses.UserJson.from(user)).withHeader("Location", "/api/v1/users/" + user.id());
    });
  }

  /**
   * RFC 6749 §4.3 and §6; client_id, client_secret, scope and Basic client credentials are ignored.
   * A password attempt the limiter slows is answered later, holding no worker meanwhile.
   */
  public Reply token(Call call) {
    Map<String, String> form = call.form();
    String grant = form.get("grant_type");
    if (grant == null || grant.isEmpty()) {
      throw OAuthError.invalidRequest("grant_type is required");
    }
    return switch (grant) {
      case "password" -> password(call, form);
      case "refresh_token" -> issued(refresh(form));
      default -> throw new OAuthError(400, "unsupported_grant_type", "use password or refresh_token");
    };
  }

  private Reply issued(Login login) {
    AccessTokens.Issued access = tokens.issue(login);
    return Reply.ok(new Responses.TokenJson(access.token(), "Bearer", access.expiresInSeconds(), login.refreshToken()))
        .withHeader("Cache-Control", "no-store")
        .withHeader("Pragma", "no-cache");
  }

  /**
   * Checks the password on a password thread, after the limiter's delay when it slows this
   * username; the request's parts are read here, on the worker.
   */
  private Reply password(Call call, Map<String, String> form) {
    String username = required(form, "username");
    String password = required(form, "password");
    String address = addresses.of(call.exchange());
    SessionClient client = new SessionClient(call.header(Headers.USER_AGENT_STRING), address);
    LoginLimiter.Attempt attempt = limiter.begin(username, ClientAddresses.keyOf(address));
    return passwords.after(attempt.delay(), () -> issued(login(attempt, username, password, client)));
  }

  private Login login(LoginLimiter.Attempt attempt, String username, String password, SessionClient client) {
    try {
      Login login = sessions.login(username, password, client);
      limiter.succeeded(attempt);
      return login;
    } catch (UnauthenticatedException | InvalidException e) {
      throw new OAuthError(400, "invalid_grant", "the username or password is wrong");
    }
  }

  private Login refresh(Map<String, String> form) {
    String refreshToken = required(form, "refresh_token");
    try {
      return sessions.refresh(refreshToken);
    } catch (UnauthenticatedException e) {
      throw new OAuthError(400, "invalid_grant", "the refresh token is not valid");
    }
  }

  private static String required(Map<String, String> form, String name) {
    String value = form.get(name);
    if (value == null || value.isEmpty()) {
      throw OAuthError.invalidRequest(name + " is required");
    }
    return value;
  }

  /**
   * RFC 7009: 200 whether or not the token was known. An access token ends its session
   * (token_type_hint is not needed: an access token is told apart by its signature).
   */
  public Reply revoke(Call call) {
    String token = call.form().get("token");
    if (token == null || token.isEmpty()) {
      throw OAuthError.invalidRequest("token is required");
    }
    Principal access = accessToken(token);
    if (access == null) {
      sessions.revoke(token);
    } else {
      try {
        sessions.end(access.user(), access.session());
      } catch (NotFoundException alreadyEnded) {
        // an ended session's token: nothing to do, and the answer is the same
      }
    }
    return new Reply(200, null, null, Map.of("Cache-Control", "no-store"));
  }

  /** The principal of a valid access token, or null for anything else (a refresh token, garbage, expired). */
  private Principal accessToken(String token) {
    try {
      return tokens.verify(token);
    } catch (BadToken e) {
      return null;
    }
  }

  public Reply jwks(Call call) {
    return Reply.ok(publicJwks.get()).withHeader("Cache-Control", "public, max-age=300");
  }
}
