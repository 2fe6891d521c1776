package io.chatflow.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrinterTest {
  @TempDir Path dir;

  private LoadedConfig load(Map<String, String> dotEnv, Map<String, String> env, Map<Setting, String> flags) {
    return ConfigLoader.load(dir, dotEnv, env, flags);
  }

  @Test
  void printingMasksSecretsAndShowsSources() throws Exception {
    String jwk = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate().toJSONString();
    String privatePart = com.nimbusds.jose.jwk.ECKey.parse(jwk).getD().toString();
    LoadedConfig loaded = load(
        Map.of("CHATFLOW_SEED_PASSWORD", "hunter2hunter2"), Map.of("CHATFLOW_SIGNING_KEY_JWK", jwk),
        Map.of(Setting.STORE, "memory"));

    String printed = ConfigPrinter.render(loaded);

    assertThat(loaded.config().signingKeyJwk()).isEqualTo(jwk);
    assertThat(printed).doesNotContain("hunter2hunter2").doesNotContain(privatePart);
    assertThat(printed).containsPattern("CHATFLOW_SIGNING_KEY_JWK +\\*{8} +\\(environment\\)");
    assertThat(printed).containsPattern("CHATFLOW_SEED_PASSWORD +\\*{8} +\\(\\.env\\)");
    assertThat(printed).containsPattern("CHATFLOW_STORE +memory +\\(flag\\)");
    assertThat(printed).containsPattern("CHATFLOW_PORT +8000 +\\(default\\)");
    assertThat(printed).contains(dir.resolve("data/chatflow.db").toString());
    assertThat(printed.lines()).hasSize(Setting.values().length);
    // the source column lines up, the longest setting names included
    assertThat(printed.lines().map(l -> l.lastIndexOf(" (")).distinct()).hasSize(1);
  }

  @Test
  void warningsFollowTheSettings() {
    String printed = ConfigPrinter.render(load(Map.of(), Map.of("CHATFLOW_HOME", "/opt"), Map.of()));

    assertThat(printed.lines().toList()).hasSize(Setting.values().length + 1)
        .last().isEqualTo("warning: ignoring unknown environment variable CHATFLOW_HOME");
  }
}
