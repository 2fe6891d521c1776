package io.chatflow.adapter.http.plumbing;

import java.util.List;

/**
 * The JSON bodies the API accepts. Fields are boxed so that a missing one reaches
 * the core as null and is reported there as a 422 naming the field.
 */
public final class Requests {
  private Requests() {}

  public record Register(String username, String password, String displayName) {}

  public record RenameMe(String displayName) {}

  public record ChangePassword(String currentPassword, String newPassword) {}

  public record Deactivate(String password) {}

  public record CreateConversation(String kind, String title, List<String> memberIds) {}

  public record RenameConversation(String title) {}

  public record AddMember(String userId, String role) {}

  public record ChangeRole(String role) {}

  public record PostMessage(String body, String clientMessageId, Long replyTo) {}

  public record EditMessage(String body) {}

  public record MoveReadMarker(Long seq) {}
}
