package io.chatflow.adapter.http;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.adapter.http.ops.OpsEndpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The served OpenAPI document, and a validator for the JSON Schema subset it uses
 * ($ref, type, properties, required, additionalProperties, items, enum, oneOf,
 * minimum, date-time): every response of the HTTP tests is checked against it.
 */
public final class OpenApiDoc {
  public static final OpenApiDoc INSTANCE = load();
  private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

  public final JsonNode root;
  private final List<Template> templates = new ArrayList<>();

  private record Template(String template, Pattern regex) {}

  private OpenApiDoc(JsonNode root) {
    this.root = root;
    root.get("paths").fieldNames().forEachRemaining(p ->
        templates.add(new Template(p, Pattern.compile(p.replaceAll("\\{[^/]+}", "[^/]+").replace(".", "\\.")))));
  }

  private static OpenApiDoc load() {
    try (InputStream in = OpenApiDoc.class.getResourceAsStream(OpsEndpoints.OPENAPI_RESOURCE)) {
      return new OpenApiDoc(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "METHOD /template" of every operation. */
  public List<String> operations() {
    List<String> ops = new ArrayList<>();
    root.get("paths").fields().forEachRemaining(p ->
        p.getValue().fieldNames().forEachRemaining(m -> ops.add(m.toUpperCase() + " " + p.getKey())));
    return ops;
  }

  /**
   * Checks a response against the operation it answered: its status must be documented,
   * and its body must fit the documented media type and schema. Requests to no documented
   * operation (unknown paths, wrong methods) are not checked here.
   */
  public void check(String method, String path, int status, String contentType, String body, JsonNode json) {
    String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    JsonNode operation = null;
    for (Template t : templates) {
      if (t.regex.matcher(rawPath).matches()) {
        JsonNode candidate = root.get("paths").get(t.template).get(method.toLowerCase());
        if (candidate != null) {
          operation = candidate;
          break;
        }
      }
    }
    if (operation == null) {
      return;
    }
    String where = method + " " + path + " -> " + status;
    JsonNode response = operation.get("responses").get(Integer.toString(status));
    if (response == null) {
      fail("status not documented: " + where + " " + body);
    }
    response = deref(response);
    JsonNode content = response.get("content");
    if (content == null) {
      if (!body.isEmpty()) {
        fail("documented without a body, but got one: " + where + " " + body);
      }
      return;
    }
    String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode media = content.get(mediaType);
    if (media == null) {
      fail("media type " + mediaType + " not documented: " + where);
    }
    if (mediaType.endsWith("json")) {
      List<String> errors = new ArrayList<>();
      validate(json, media.get("schema"), "$", errors);
      if (!errors.isEmpty()) {
        fail("response does not fit the document: " + where + "\n" + String.join("\n", errors) + "\n" + body);
      }
    }
  }

  private JsonNode deref(JsonNode node) {
    while (node.has("$ref")) {
      String[] parts = node.get("$ref").asText().substring(2).split("/");
      JsonNode target = root;
      for (String part : parts) {
        target = target.get(part);
      }
      node = target;
    }
    return node;
  }

  public void validate(JsonNode value, JsonNode schema, String at, List<String> errors) {
    schema = deref(schema);
    if (schema.has("oneOf")) {
      int matches = 0;
      for (JsonNode option : schema.get("oneOf")) {
        List<String> sub = new ArrayList<>();
        validate(value, option, at, sub);
        matches += sub.isEmpty() ? 1 : 0;
      }
      if (matches != 1) {
        errors.add(at + ": matches " + matches + " of oneOf");
      }
    }
    if (schema.has("allOf")) {
      schema.get("allOf").forEach(s -> validate(value, s, at, errors));
    }
    if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
      errors.add(at + ": " + value.getNodeType() + " is not " + schema.get("type"));
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode allowed : schema.get("enum")) {
        found |= allowed.equals(value);
      }
      if (!found) {
        errors.add(at + ": " + value + " not in " + schema.get("enum"));
      }
    }
    if (value.isTextual() && "date-time".equals(schema.path("format").asText()) && !DATE_TIME.matcher(value.asText()).matches()) {
      errors.add(at + ": " + value + " is not RFC 3339 UTC with milliseconds");
    }
    if (value.isNumber() && schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
      errors.add(at + ": " + value + " below minimum");
    }
    if (value.isObject()) {
      JsonNode props = schema.path("properties");
      for (JsonNode req : schema.path("required")) {
        if (!value.has(req.asText())) {
          errors.add(at + ": missing " + req.asText());
        }
      }
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        var field = fields.next();
        JsonNode propSchema = props.get(field.getKey());
        if (propSchema != null) {
          validate(field.getValue(), propSchema, at + "." + field.getKey(), errors);
        } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
          errors.add(at + ": unexpected property " + field.getKey());
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        validate(value.get(i), schema.get("items"), at + "[" + i + "]", errors);
      }
    }
  }

  private static boolean typeMatches(JsonNode value, JsonNode type) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(value, t)) {
          return true;
        }
      }
      return false;
    }
    return switch (type.asText()) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> false;
    };
  }
}
