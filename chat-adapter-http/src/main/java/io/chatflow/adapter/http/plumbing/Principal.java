package io.chatflow.adapter.http.plumbing;

import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.SessionId;
import java.time.Instant;

/** Who a verified access token speaks for, and until when. */
public record Principal(UserId user, SessionId session, Instant expiresAt) {}
