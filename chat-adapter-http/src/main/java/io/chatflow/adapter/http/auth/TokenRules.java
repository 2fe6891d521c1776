package io.chatflow.adapter.http.auth;

import java.time.Duration;

/** What an access token says and how long it lasts. */
public interface TokenRules {
  String issuer();

  String audience();

  Duration accessTokenTtl();
}
