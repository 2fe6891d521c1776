package io.chatflow.adapter.http;

import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.SessionId;
import java.time.Instant;

/** Who a verified access token speaks for, and until when. */
record Principal(UserId user, SessionId session, Instant expiresAt) {}
