package io.chatflow.ports.in;

import io.chatflow.domain.Page;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;

/** What a person does with their account, and finding other people. */
public interface Accounts {
  /** Creates an account; the display name defaults to the username. */
  User register(String username, String password, String displayName);

  User me(UserId user);

  User rename(UserId user, String displayName);

  /** Changes the password after checking the current one, and ends every other session. */
  void changePassword(UserId user, SessionId currentSession, String currentPassword, String newPassword);

  /**
   * Deactivates the account after checking its password (a wrong one is InvalidException on
   * {@code password}): every session ends, login is refused from then on, the username stays
   * taken and the messages stay, their sender shown as deactivated.
   */
  void deactivate(UserId user, String password);

  /** Users whose username or display name starts with {@code query}, by username. */
  Page<User> search(String query, String cursor, Integer limit);

  UserProfile find(UserId id);
}
