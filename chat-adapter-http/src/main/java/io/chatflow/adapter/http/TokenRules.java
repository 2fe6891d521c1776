package io.chatflow.adapter.http;

import java.time.Duration;

/** What an access token says and how long it lasts. */
interface TokenRules {
  String issuer();

  String audience();

  Duration accessTokenTtl();
}
