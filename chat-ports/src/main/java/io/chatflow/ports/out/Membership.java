package io.chatflow.ports.out;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.Member;

/** A conversation as one of its members holds it. */
public record Membership(Conversation conversation, Member member, int memberCount) {}
