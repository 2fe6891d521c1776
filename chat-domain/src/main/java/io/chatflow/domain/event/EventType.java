package io.chatflow.domain.event;

/** What happened. Ephemeral types are fanned out live but never stored or replayed. */
public enum EventType {
  MESSAGE_CREATED("message.created"),
  MESSAGE_UPDATED("message.updated"),
  MESSAGE_DELETED("message.deleted"),
  CONVERSATION_CREATED("conversation.created"),
  CONVERSATION_UPDATED("conversation.updated"),
  MEMBER_JOINED("member.joined"),
  MEMBER_LEFT("member.left"),
  MEMBER_UPDATED("member.updated"),
  READ_UPDATED("read.updated"),
  REACTION_ADDED("reaction.added"),
  REACTION_REMOVED("reaction.removed"),
  TYPING("typing"),
  PRESENCE_CHANGED("presence.changed");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public boolean isEphemeral() {
    return this == TYPING || this == PRESENCE_CHANGED;
  }

  public static EventType fromWireName(String name) {
    for (EventType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown event type " + name);
  }
}
