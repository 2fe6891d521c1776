package io.chatflow.adapter.http.plumbing;

/** A limit on how often a route may be called; refuses with a RateLimitedException (429 + Retry-After). */
@FunctionalInterface
public interface Throttle {
  void admit(Call call);
}
