package io.chatflow.adapter.http;

/** A thin handler: parse the call, run one use case, map the result. */
@FunctionalInterface
interface Endpoint {
  Reply handle(Call call) throws Exception;
}
