package io.chatflow.ports.in;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.User;

/** A started or refreshed session and its new refresh token (shown once, stored only hashed). */
public record Login(User user, Session session, String refreshToken) {
  @Override
  public String toString() {
    return "Login[user=" + user.id() + ", session=" + session.id() + "]";
  }
}
