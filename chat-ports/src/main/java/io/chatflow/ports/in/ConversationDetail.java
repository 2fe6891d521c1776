package io.chatflow.ports.in;

import java.util.List;

/** One conversation with all its members. */
public record ConversationDetail(ConversationSummary summary, List<MemberView> members) {
  public ConversationDetail {
    members = List.copyOf(members);
  }
}
