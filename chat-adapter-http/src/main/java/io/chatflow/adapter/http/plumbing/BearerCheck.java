package io.chatflow.adapter.http.plumbing;

/** The step that turns a request's bearer token into its caller, or refuses it. */
@FunctionalInterface
public interface BearerCheck {
  Principal authenticate(Call call);
}
