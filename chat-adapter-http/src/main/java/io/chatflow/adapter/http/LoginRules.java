package io.chatflow.adapter.http;

import java.time.Duration;

/** How many failed logins count, and for how long. */
interface LoginRules {
  int loginFailuresPerUsername();

  int loginFailuresPerAddress();

  Duration loginWindow();
}
