package io.chatflow.adapter.http.plumbing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes a {@link Reply} to the exchange, or the problem if that fails. */
public final class ReplyWriter {
  private final ObjectMapper json;
  private final Problems problems;

  public ReplyWriter(ObjectMapper json, Problems problems) {
    this.json = json;
    this.problems = problems;
  }

  void write(HttpServerExchange exchange, Reply reply) throws JsonProcessingException {
    byte[] bytes = null;
    if (reply.body() instanceof String s) {
      bytes = s.getBytes(StandardCharsets.UTF_8);
    } else if (reply.body() != null) {
      bytes = json.writeValueAsBytes(reply.body());
    }
    exchange.setStatusCode(reply.status());
    reply.headers().forEach((k, v) -> exchange.getResponseHeaders().put(new HttpString(k), v));
    if (bytes == null) {
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, reply.contentType());
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  /** For replies written later, off the request's own handler (long polls). */
  public void writeOrFail(HttpServerExchange exchange, Reply reply) {
    try {
      write(exchange, reply);
    } catch (Exception | Error e) {
      problems.answer(exchange, e);
    }
  }

  public void fail(HttpServerExchange exchange, Throwable failure) {
    problems.answer(exchange, failure);
  }
}
