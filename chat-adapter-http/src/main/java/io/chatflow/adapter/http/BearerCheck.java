package io.chatflow.adapter.http;

/** The step that turns a request's bearer token into its caller, or refuses it. */
@FunctionalInterface
interface BearerCheck {
  Principal authenticate(Call call);
}
