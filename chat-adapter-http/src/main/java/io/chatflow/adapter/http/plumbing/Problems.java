package io.chatflow.adapter.http.plumbing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.domain.ChatException;
import io.chatflow.domain.FieldError;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.RateLimitedException;
import io.chatflow.domain.UnauthenticatedException;
import io.chatflow.domain.UnavailableException;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.ExceptionHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.xnio.IoUtils;

/** The one place where failures become answers: RFC 9457 problems, or RFC 6749 errors at the token endpoint. */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  static final String PROBLEM_JSON = "application/problem+json";
  static final String CHALLENGE = "Bearer realm=\"chatflow\"";

  private final ObjectMapper json;

  public Problems(ObjectMapper json) {
    this.json = json;
  }

  /** The handler Undertow's ExceptionHandler calls with the thrown exception attached. */
  public void handle(HttpServerExchange exchange) {
    answer(exchange, exchange.getAttachment(ExceptionHandler.THROWABLE));
  }

  void answer(HttpServerExchange exchange, Throwable failure) {
    if (exchange.isResponseStarted()) {
      // an I/O failure here is a client that went away mid-response: routine, not a warning
      boolean io = failure instanceof IOException || failure.getCause() instanceof IOException;
      LOG.atLevel(io ? Level.DEBUG : Level.WARN).log("failure after the response started on {} {}: {}",
          exchange.getRequestMethod(), exchange.getRequestPath(), failure.toString());
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().clear();
    if (failure instanceof OAuthError e) {
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
      e.headers().forEach((k, v) -> exchange.getResponseHeaders().put(new HttpString(k), v));
      send(exchange, e.status(), "application/json; charset=utf-8",
          new Responses.OAuthErrorJson(e.error(), e.getMessage()));
      return;
    }
    Map<String, Object> problem = problemFor(exchange, failure);
    send(exchange, (Integer) problem.get("status"), PROBLEM_JSON, problem);
  }

  /**
   * Answers on the I/O thread and closes the connection once the answer is written: for a
   * request whose rest will not be read (a stalled body), so the connection cannot be reused.
   */
  void answerAndClose(HttpServerExchange exchange, HttpProblem failure) {
    exchange.setPersistent(false);
    Map<String, Object> problem = problemFor(exchange, failure);
    exchange.setStatusCode(failure.status());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PROBLEM_JSON);
    exchange.getResponseSender().send(ByteBuffer.wrap(Json.write(json, problem).getBytes(StandardCharsets.UTF_8)),
        new IoCallback() {
          @Override
          public void onComplete(HttpServerExchange ex, Sender sender) {
            ex.endExchange();
            IoUtils.safeClose(ex.getConnection());
          }

          @Override
          public void onException(HttpServerExchange ex, Sender sender, IOException e) {
            ex.endExchange();
            IoUtils.safeClose(ex.getConnection());
          }
        });
  }

  private Map<String, Object> problemFor(HttpServerExchange exchange, Throwable failure) {
    if (failure instanceof ChatException e) {
      return domain(exchange, e);
    }
    if (failure instanceof BadToken e) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE,
          e.missing() ? CHALLENGE : CHALLENGE + ", error=\"invalid_token\"");
      return problem(401, "unauthenticated", e.missing() ? "a bearer token is required" : "the access token is not valid");
    }
    if (failure instanceof HttpProblem e) {
      e.headers().forEach((k, v) -> exchange.getResponseHeaders().put(new HttpString(k), v));
      return problem(e.status(), slug(e.status()), e.getMessage());
    }
    String correlationId = UUID.randomUUID().toString();
    // One line per event: where it failed, in short; the whole trace at debug level.
    LOG.error("unexpected failure correlationId={} on {} {}: {} at {}", correlationId, exchange.getRequestMethod(),
        exchange.getRequestPath(), failure, where(failure));
    LOG.debug("unexpected failure correlationId={}", correlationId, failure);
    Map<String, Object> p = problem(500, "internal-error", "an unexpected error occurred; quote the correlation id");
    p.put("correlationId", correlationId);
    return p;
  }

  private Map<String, Object> domain(HttpServerExchange exchange, ChatException failure) {
    Map<String, Object> p = problem(ErrorTable.of(failure), failure.getMessage());
    if (failure instanceof InvalidException e) {
      p.put("errors", e.errors().stream().map(Problems::fieldError).toList());
    } else if (failure instanceof MalformedException e) {
      p.put("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
    } else if (failure instanceof RateLimitedException e) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(retryAfterSeconds(e.retryAfter())));
    } else if (failure instanceof UnavailableException e) {
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(retryAfterSeconds(e.retryAfter())));
    } else if (failure instanceof UnauthenticatedException) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"");
    }
    return p;
  }

  /** Whole seconds, rounded up, at least one. */
  static long retryAfterSeconds(Duration wait) {
    return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
  }

  private static String where(Throwable failure) {
    return Arrays.stream(failure.getStackTrace()).limit(6).map(StackTraceElement::toString)
        .collect(Collectors.joining(" < "));
  }

  private static Map<String, String> fieldError(FieldError e) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("field", e.field());
    m.put("message", e.message());
    return m;
  }

  static Map<String, Object> problem(int status, String slug, String detail) {
    return problem(new ErrorTable.Entry(status, slug), detail);
  }

  private static Map<String, Object> problem(ErrorTable.Entry kind, String detail) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", kind.type());
    p.put("title", kind.title());
    p.put("status", kind.status());
    p.put("detail", detail);
    return p;
  }

  private static String slug(int status) {
    return switch (status) {
      case 400 -> "malformed-request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 408 -> "request-timeout";
      case 413 -> "body-too-large";
      case 415 -> "unsupported-media-type";
      case 429 -> "rate-limited";
      case 503 -> "not-ready";
      default -> "http-" + status;
    };
  }

  private void send(HttpServerExchange exchange, int status, String contentType, Object body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseSender().send(ByteBuffer.wrap(Json.write(json, body).getBytes(StandardCharsets.UTF_8)));
  }
}
