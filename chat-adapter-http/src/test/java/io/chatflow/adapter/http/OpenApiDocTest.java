package io.chatflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The response validator the HTTP tests rely on does catch what it should. */
class OpenApiDocTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenApiDoc doc = OpenApiDoc.INSTANCE;

  private void check(String method, String path, int status, String contentType, String body) throws Exception {
    JsonNode json = body.isEmpty() ? null : JSON.readTree(body);
    doc.check(method, path, status, contentType, body, json);
  }

  @Test
  void aFittingResponsePasses() throws Exception {
    check("GET", "/api/v1/users/me", 200, "application/json",
        "{\"id\":\"u1\",\"username\":\"alice\",\"displayName\":\"Alice\",\"createdAt\":\"2026-11-24T10:15:30.123Z\"}");
  }

  @Test
  void anUndocumentedStatusFails() {
    assertThatThrownBy(() -> check("GET", "/api/v1/users/me", 418, "application/json", "{}"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("status not documented");
  }

  @Test
  void missingOrExtraOrMistypedFieldsFail() {
    assertThatThrownBy(() -> check("GET", "/api/v1/users/me", 200, "application/json",
        "{\"id\":\"u1\",\"username\":\"alice\",\"createdAt\":\"2026-11-24T10:15:30.123Z\"}"))
        .hasMessageContaining("missing displayName");
    assertThatThrownBy(() -> check("GET", "/api/v1/users/me", 200, "application/json",
        "{\"id\":\"u1\",\"username\":\"alice\",\"displayName\":\"A\",\"createdAt\":\"2026-11-24T10:15:30.123Z\",\"x\":1}"))
        .hasMessageContaining("unexpected property x");
    assertThatThrownBy(() -> check("GET", "/api/v1/users/me", 200, "application/json",
        "{\"id\":1,\"username\":\"alice\",\"displayName\":\"A\",\"createdAt\":\"2026-11-24T10:15:30.123Z\"}"))
        .hasMessageContaining("$.id");
  }

  @Test
  void timestampsWithoutMillisecondsFail() {
    assertThatThrownBy(() -> check("GET", "/api/v1/users/me", 200, "application/json",
        "{\"id\":\"u1\",\"username\":\"alice\",\"displayName\":\"A\",\"createdAt\":\"2026-11-24T10:15:30Z\"}"))
        .hasMessageContaining("milliseconds");
  }

  @Test
  void nestedSchemasAndNullableOneOfAreChecked() {
    String conversation = "{\"id\":\"c\",\"kind\":\"group\",\"title\":null,\"createdAt\":\"2026-11-24T10:15:30.123Z\","
        + "\"lastActivityAt\":\"2026-11-24T10:15:30.123Z\",\"lastSeq\":0,\"lastMessage\":{\"id\":\"m\"},"
        + "\"unreadCount\":0,\"memberCount\":1,\"role\":\"owner\"}";
    assertThatThrownBy(() -> check("GET", "/api/v1/conversations", 200, "application/json",
        "{\"items\":[" + conversation + "],\"nextCursor\":null}"))
        .hasMessageContaining("oneOf");
  }

  @Test
  void aWrongMediaTypeOrAnUnexpectedBodyFails() {
    assertThatThrownBy(() -> check("GET", "/api/v1/users/me", 401, "application/json", "{}"))
        .hasMessageContaining("media type");
    assertThatThrownBy(() -> check("DELETE", "/api/v1/conversations/c/members/u", 204, null, "\"x\""))
        .hasMessageContaining("without a body");
  }

  @Test
  void everyOperationDocumentsItsErrorsAndIsSecuredUnlessPublic() {
    doc.root.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      JsonNode responses = op.getValue().get("responses");
      assertThat(responses.has("500")).as(op.getKey() + " " + path.getKey()).isTrue();
      boolean bearer = op.getValue().get("security").size() > 0;
      if (bearer) {
        assertThat(responses.has("401")).as(op.getKey() + " " + path.getKey()).isTrue();
      }
      if (path.getKey().contains("/conversations/{id}")) {
        assertThat(responses.has("404")).as(op.getKey() + " " + path.getKey()).isTrue();
      }
    }));
  }
}
