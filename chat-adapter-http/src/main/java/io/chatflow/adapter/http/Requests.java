package io.chatflow.adapter.http;

import java.util.List;

/**
 * The JSON bodies the API accepts. Fields are boxed so that a missing one reaches
 * the core as null and is reported there as a 422 naming the field.
 */
final class Requests {
  private Requests() {}

  record Register(String username, String password, String displayName) {}

  record RenameMe(String displayName) {}

  record ChangePassword(String currentPassword, String newPassword) {}

  record CreateConversation(String kind, String title, List<String> memberIds) {}

  record RenameConversation(String title) {}

  record AddMember(String userId, String role) {}

  record ChangeRole(String role) {}

  record PostMessage(String body, String clientMessageId) {}

  record EditMessage(String body) {}

  record MoveReadMarker(Long seq) {}
}
