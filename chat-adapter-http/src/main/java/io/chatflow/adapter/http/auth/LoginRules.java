package io.chatflow.adapter.http.auth;

import java.time.Duration;

/** How many failed logins count, and for how long. */
public interface LoginRules {
  int loginFailuresPerUsername();

  int loginFailuresPerAddress();

  Duration loginWindow();
}
