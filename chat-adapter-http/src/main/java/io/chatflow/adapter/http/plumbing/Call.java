package io.chatflow.adapter.http.plumbing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** One request as an endpoint sees it: the caller, path and query values, and the parsed body. */
public final class Call {
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private final HttpServerExchange exchange;
  private final ObjectMapper json;
  private final int bodyLimit;
  private Principal principal;

  Call(HttpServerExchange exchange, ObjectMapper json, int bodyLimit) {
    this.exchange = exchange;
    this.json = json;
    this.bodyLimit = bodyLimit;
  }

  void authenticated(Principal who) {
    this.principal = who;
  }

  public UserId user() {
    return principal().user();
  }

  public SessionId session() {
    return principal().session();
  }

  /** When the caller's access token expires. */
  public Instant expiresAt() {
    return principal().expiresAt();
  }

  /** The caller's id, or null on a route that is not authenticated. */
  public UserId authenticatedUser() {
    return principal == null ? null : principal.user();
  }

  private Principal principal() {
    if (principal == null) {
      throw new IllegalStateException("route is not authenticated");
    }
    return principal;
  }

  public HttpServerExchange exchange() {
    return exchange;
  }

  public String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** A value from the path template match (never from the query string). */
  public String path(String name) {
    String value = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(name);
    if (value == null) {
      throw new IllegalStateException("no path parameter " + name);
    }
    if (value.indexOf('\0') >= 0) {
      throw new NotFoundException("resource"); // no id holds a NUL, and a database would refuse to look one up
    }
    return value;
  }

  /** A query value, or null when absent; given twice it is malformed. */
  public String query(String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new MalformedException(name, "is given more than once");
    }
    if (values.getFirst().indexOf('\0') >= 0) {
      throw new MalformedException(name, "must not contain NUL");
    }
    return values.getFirst();
  }

  public Integer intQuery(String name) {
    Long value = longQuery(name);
    if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
      throw InvalidException.of(name, "is out of range");
    }
    return value == null ? null : value.intValue();
  }

  /** Not an integer is malformed (400); an integer too large for any range is out of range (422). */
  public Long longQuery(String name) {
    String raw = query(name);
    if (raw == null) {
      return null;
    }
    try {
      return Long.valueOf(raw);
    } catch (NumberFormatException e) {
      if (INTEGER.matcher(raw).matches()) {
        throw InvalidException.of(name, "is out of range");
      }
      throw new MalformedException(name, "must be an integer");
    }
  }

  /** The body as JSON of {@code type}; wrong media type is 415, bad JSON or wrong types 400. */
  public <T> T json(Class<T> type) {
    requireMediaType("application/json");
    byte[] body = body();
    if (body.length == 0) {
      throw new MalformedException("body", "a JSON object is required");
    }
    try {
      T value = json.readValue(body, type);
      if (value == null) {
        throw new MalformedException("body", "a JSON object is required");
      }
      return value;
    } catch (JsonProcessingException e) {
      if (outOfRange(e)) {
        throw InvalidException.of(fieldOf(e), "is out of range");
      }
      throw new MalformedException(fieldOf(e), "is not valid JSON of the expected types");
    } catch (IOException e) {
      throw new MalformedException("body", "cannot be read");
    }
  }

  /** An integer too large for its field: the right type, a value out of range. */
  private static boolean outOfRange(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputCoercionException c && c.getInputType() == JsonToken.VALUE_NUMBER_INT) {
        return true;
      }
    }
    return false;
  }

  private static String fieldOf(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
      StringBuilder field = new StringBuilder();
      for (var ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          field.append('[').append(ref.getIndex()).append(']');
        }
      }
      return field.toString();
    }
    return "body";
  }

  /** A form-encoded body (RFC 6749 requests); a parameter given twice is an error there. */
  public Map<String, String> form() {
    requireMediaType("application/x-www-form-urlencoded");
    String text = new String(body(), StandardCharsets.UTF_8);
    Map<String, String> form = new HashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (form.put(name, value) != null) {
        throw OAuthError.invalidRequest(name + " is given more than once");
      }
    }
    return form;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw OAuthError.invalidRequest("the form is not URL-encoded");
    }
  }

  private void requireMediaType(String expected) {
    String contentType = header(Headers.CONTENT_TYPE_STRING);
    if (contentType != null
        && (contentType.equalsIgnoreCase(expected) || contentType.equalsIgnoreCase(expected + "; charset=utf-8"))) {
      return;
    }
    if (contentType == null) {
      throw new HttpProblem(415, "Content-Type must be " + expected);
    }
    String[] parts = contentType.split(";", -1); // ";" alone gives one empty part, not none
    boolean typeOk = parts[0].trim().toLowerCase(Locale.ROOT).equals(expected);
    boolean charsetOk = Arrays.stream(parts).skip(1)
        .map(p -> p.trim().toLowerCase(Locale.ROOT))
        .filter(p -> p.startsWith("charset="))
        .allMatch(p -> p.equals("charset=utf-8") || p.equals("charset=\"utf-8\""));
    if (!typeOk || !charsetOk) {
      throw new HttpProblem(415, "Content-Type must be " + expected + " (UTF-8)");
    }
  }

  /** A declared length over the limit is 413 before anything else is done. */
  void refuseOversizedBody() {
    if (exchange.getRequestContentLength() > bodyLimit) {
      throw tooLarge();
    }
  }

  /** The raw body, at most the configured limit (read before by {@link BodyReader}): more is 413. */
  byte[] body() {
    refuseOversizedBody();
    BodyReader.Body body = exchange.getAttachment(BodyReader.BODY);
    if (body == null) {
      return new byte[0];
    }
    if (body.tooLarge()) {
      throw tooLarge();
    }
    return body.bytes();
  }

  private HttpProblem tooLarge() {
    return new HttpProblem(413, "the request body is larger than " + bodyLimit + " bytes");
  }
}
