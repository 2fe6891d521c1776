package io.chatflow.adapter.http.plumbing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.RateLimitedException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.PathTemplateMatcher;
import io.undertow.util.SameThreadExecutor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Turns the route table into one Undertow handler: unknown paths 404, known paths with other methods 405. */
public final class Router {
  private static final Set<String> CARRY_CONTENT = Set.of("POST", "PUT", "PATCH");
  private final ObjectMapper json;
  private final int bodyLimit;
  private final BearerCheck authenticator;
  private final ReplyWriter writer;

  public Router(ObjectMapper json, int bodyLimit, BearerCheck authenticator, ReplyWriter writer) {
    this.json = json;
    this.bodyLimit = bodyLimit;
    this.authenticator = authenticator;
    this.writer = writer;
  }

  public HttpHandler handler(List<Route> routes) {
    RoutingHandler routing = new RoutingHandler(false);
    Map<String, Set<String>> methodsByTemplate = new LinkedHashMap<>();
    for (Route route : routes) {
      HttpHandler handler = handlerOf(route);
      routing.add(route.method(), route.template(), handler);
      methodsByTemplate.computeIfAbsent(route.template(), t -> new TreeSet<>()).add(route.method());
      if (route.answersHead()) {
        routing.add("HEAD", route.template(), handler);
        methodsByTemplate.get(route.template()).add("HEAD");
      }
    }
    PathTemplateMatcher<Set<String>> allowed = new PathTemplateMatcher<>();
    methodsByTemplate.forEach(allowed::add);
    routing.setFallbackHandler(exchange -> {
      throw new NotFoundException("resource");
    });
    routing.setInvalidMethodHandler(exchange -> {
      var match = allowed.match(exchange.getRelativePath());
      String allow = match == null ? "" : String.join(", ", match.getValue());
      throw new HttpProblem(405, exchange.getRequestMethod() + " is not allowed here", Map.of("Allow", allow));
    });
    return exchange -> {
      // Undertow's matcher ignores a trailing slash after a path parameter only (/users/x/ but
      // not /users/me/); no API path ends in one, so none is found with it
      String path = exchange.getRelativePath();
      if (path.startsWith(Route.V1) && path.endsWith("/")) {
        throw new NotFoundException("resource");
      }
      routing.handleRequest(exchange);
    };
  }

  private HttpHandler handlerOf(Route route) {
    if (route.raw() != null) {
      return exchange -> {
        exchange.putAttachment(Route.TEMPLATE, route.template());
        route.raw().handleRequest(exchange);
      };
    }
    return exchange -> {
      exchange.putAttachment(Route.TEMPLATE, route.template());
      try {
        serve(route, exchange);
      } catch (HttpProblem e) {
        throw route.oauth() ? OAuthError.of(e) : e;
      } catch (RateLimitedException e) {
        throw route.oauth() ? OAuthError.of(e) : e;
      }
    };
  }

  private void serve(Route route, HttpServerExchange exchange) throws Exception {
    Call call = new Call(exchange, json, bodyLimit);
    if (CARRY_CONTENT.contains(route.method())) {
      // also where the endpoint ignores the body (typing): the limit holds for every such request
      call.refuseOversizedBody();
    }
    if (route.authenticated()) {
      call.authenticated(authenticator.authenticate(call));
    }
    if (route.throttle() != null) {
      route.throttle().admit(call);
    }
    Reply reply = route.endpoint().handle(call);
    if (reply.pending() != null) {
      answerLater(exchange, reply.pending());
    } else if (reply != Reply.DETACHED) {
      writer.write(exchange, reply);
    }
  }

  /** Keeps the exchange open past the handler and answers it on a worker once the reply is ready. */
  private void answerLater(HttpServerExchange exchange, CompletionStage<?> later) {
    Executor worker = exchange.getConnection().getWorker();
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> later.whenComplete((reply, failure) -> worker.execute(() -> {
      if (failure == null) {
        writer.writeOrFail(exchange, (Reply) reply);
      } else {
        writer.fail(exchange, failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
      }
    })));
  }

}
