package io.chatflow.domain.conversation;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Who owns a conversation after its owner leaves: the longest-standing admin, else member. */
public final class Succession {
  private Succession() {}

  public static Optional<Member> nextOwner(List<Member> remaining) {
    Comparator<Member> seniority = Comparator.comparingLong(Member::sinceEvent);
    return remaining.stream()
        .filter(m -> m.role() == Role.ADMIN)
        .min(seniority)
        .or(() -> remaining.stream().min(seniority));
  }
}
