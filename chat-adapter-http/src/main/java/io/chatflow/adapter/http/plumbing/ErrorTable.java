package io.chatflow.adapter.http.plumbing;

import io.chatflow.domain.ChatException;
import io.chatflow.domain.ConflictException;
import io.chatflow.domain.ForbiddenException;
import io.chatflow.domain.GoneException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.RateLimitedException;
import io.chatflow.domain.UnauthenticatedException;
import io.chatflow.domain.UnavailableException;
import io.undertow.util.StatusCodes;
import java.util.Map;

/**
 * What each kind of core failure is called on the wire: one status and problem type per
 * exception class, used by every transport (problem answers, SSE and long polls through them,
 * WebSocket error frames and close codes).
 */
public final class ErrorTable {
  static final String TYPE_PREFIX = "urn:chatflow:problem:";

  /** The answer for one kind: HTTP status, and the problem type's last part. */
  public record Entry(int status, String slug) {
    String type() {
      return TYPE_PREFIX + slug;
    }

    String title() {
      return StatusCodes.getReason(status);
    }
  }

  private static final Map<Class<? extends ChatException>, Entry> ENTRIES = Map.of(
      MalformedException.class, new Entry(400, "malformed-request"),
      UnauthenticatedException.class, new Entry(401, "unauthenticated"),
      ForbiddenException.class, new Entry(403, "forbidden"),
      NotFoundException.class, new Entry(404, "not-found"),
      ConflictException.class, new Entry(409, "conflict"),
      GoneException.class, new Entry(410, "cursor-expired"),
      InvalidException.class, new Entry(422, "invalid-values"),
      RateLimitedException.class, new Entry(429, "rate-limited"),
      UnavailableException.class, new Entry(503, "unavailable"));

  private ErrorTable() {}

  public static Entry of(ChatException failure) {
    Entry entry = ENTRIES.get(failure.getClass());
    if (entry == null) {
      throw new IllegalStateException("unmapped core exception " + failure.getClass());
    }
    return entry;
  }

  static boolean maps(Class<? extends ChatException> kind) {
    return ENTRIES.containsKey(kind);
  }
}
