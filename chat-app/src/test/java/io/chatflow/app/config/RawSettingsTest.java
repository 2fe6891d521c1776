package io.chatflow.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RawSettingsTest {
  @Test
  void eachSourceOverridesTheOnesBeforeItAndIsRecorded() {
    RawSettings raw = RawSettings.layered(
        Map.of("CHATFLOW_PORT", "1", "CHATFLOW_HOST", "h", "CHATFLOW_ISSUER", "i", "OTHER", "x"),
        Map.of("CHATFLOW_PORT", "2", "CHATFLOW_HOST", "h2", "PATH", "/bin"),
        Map.of(Setting.PORT, "3"));

    assertThat(raw.values()).hasSize(Setting.values().length)
        .containsEntry(Setting.PORT, new RawValue("3", Source.FLAG))
        .containsEntry(Setting.HOST, new RawValue("h2", Source.ENVIRONMENT))
        .containsEntry(Setting.ISSUER, new RawValue("i", Source.DOT_ENV))
        .containsEntry(Setting.AUDIENCE, new RawValue("chatflow", Source.DEFAULT));
    assertThat(raw.warnings()).isEmpty();
  }

  @Test
  void environmentNamesAreMatchedWithoutRegardToCase() {
    assertThat(RawSettings.layered(Map.of("CHATFLOW_port", "9"), Map.of(), Map.of()).values().get(Setting.PORT))
        .isEqualTo(new RawValue("9", Source.DOT_ENV));
  }

  @Test
  void anUnknownKeyFailsInDotEnvButOnlyWarnsInTheEnvironment() {
    assertThatThrownBy(() -> RawSettings.layered(Map.of("CHATFLOW_PROT", "1"), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown setting CHATFLOW_PROT in .env; known settings: CHATFLOW_STORE, ")
        .hasMessageNotContaining("1,");
    assertThat(RawSettings.layered(Map.of(), Map.of("CHATFLOW_PROT", "1"), Map.of()).warnings())
        .containsExactly("ignoring unknown environment variable CHATFLOW_PROT");
  }

  @Test
  void anAbsentFlagLeavesTheValueBelowIt() {
    Map<Setting, String> flags = new java.util.EnumMap<>(Setting.class);
    flags.put(Setting.PORT, null);

    assertThat(RawSettings.layered(Map.of(), Map.of("CHATFLOW_PORT", "2"), flags).values().get(Setting.PORT))
        .isEqualTo(new RawValue("2", Source.ENVIRONMENT));
  }
}
