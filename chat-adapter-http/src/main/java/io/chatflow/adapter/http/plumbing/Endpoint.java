package io.chatflow.adapter.http.plumbing;

/** A thin handler: parse the call, run one use case, map the result. */
@FunctionalInterface
public interface Endpoint {
  Reply handle(Call call) throws Exception;
}
