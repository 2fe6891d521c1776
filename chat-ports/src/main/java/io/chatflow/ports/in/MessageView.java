package io.chatflow.ports.in;

import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.User;
import java.util.List;

/**
 * A message with its sender's profile and its reactions (in order of first use, each with who
 * reacted: a transport shows a viewer whether they are among them).
 */
public record MessageView(Message message, User sender, List<Reaction> reactions) implements EventData {
  public MessageView {
    reactions = List.copyOf(reactions);
  }

  /** A message nobody has reacted to yet (a new one). */
  public MessageView(Message message, User sender) {
    this(message, sender, List.of());
  }
}
