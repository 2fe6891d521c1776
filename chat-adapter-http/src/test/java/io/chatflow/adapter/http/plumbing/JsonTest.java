package io.chatflow.adapter.http.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonTest {
  private final ObjectMapper json = Json.mapper();

  @Test
  void instantsAreRfc3339UtcWithExactlyThreeFractionDigits() throws Exception {
    assertThat(json.writeValueAsString(Instant.parse("2026-11-24T10:15:30Z"))).isEqualTo("\"2026-11-24T10:15:30.000Z\"");
    assertThat(json.writeValueAsString(Instant.parse("2026-11-24T10:15:30.123456789Z")))
        .isEqualTo("\"2026-11-24T10:15:30.123Z\"");
    assertThat(Json.rfc3339(Instant.parse("0001-01-01T00:00:00.001Z"))).isEqualTo("0001-01-01T00:00:00.001Z");
  }

  @Test
  void theHandMadeFormatAgreesWithTheJdkFormatter() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 10_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000));
      assertThat(Json.rfc3339(t)).isEqualTo(Json.RFC3339_MILLIS.format(t));
    }
  }

  record Body(String body, Long seq) {}

  @Test
  void valuesOfTheWrongTypeAreRefusedNotCoerced() {
    assertThatThrownBy(() -> json.readValue("{\"body\": 42}", Body.class)).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> json.readValue("{\"body\": true}", Body.class)).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> json.readValue("{\"seq\": \"7\"}", Body.class)).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> json.readValue("{\"seq\": 7.5}", Body.class)).isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> json.readValue("{\"body\": \"a\"} []", Body.class)).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    assertThat(json.readValue("{\"body\": \"a\", \"extra\": {\"x\": 1}}", Body.class)).isEqualTo(new Body("a", null));
    assertThat(json.writeValueAsString(Map.of("a", 1))).isEqualTo("{\"a\":1}");
  }
}
