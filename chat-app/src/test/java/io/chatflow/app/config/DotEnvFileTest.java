package io.chatflow.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvFileTest {
  @TempDir Path dir;

  @Test
  void readsExportLinesQuotesAndSkipsCommentsAndBlankLines() throws Exception {
    Files.writeString(dir.resolve(".env"), """
        # demo settings
        export CHATFLOW_STORE=memory
        CHATFLOW_DB = "other/chat.db"

        CHATFLOW_EVENT_RETENTION='12h'
        export CHATFLOW_ISSUER='x y'
        CHATFLOW_SIGNING_KEY=a=b
        CHATFLOW_AUDIENCE=
        """);

    assertThat(DotEnvFile.readIn(dir)).containsExactly(
        java.util.Map.entry("CHATFLOW_STORE", "memory"),
        java.util.Map.entry("CHATFLOW_DB", "other/chat.db"),
        java.util.Map.entry("CHATFLOW_EVENT_RETENTION", "12h"),
        java.util.Map.entry("CHATFLOW_ISSUER", "x y"),
        java.util.Map.entry("CHATFLOW_SIGNING_KEY", "a=b"),
        java.util.Map.entry("CHATFLOW_AUDIENCE", ""));
  }

  @Test
  void noFileReadsAsNoEntries() {
    assertThat(DotEnvFile.readIn(dir)).isEmpty();
  }

  @Test
  void aHashAfterASpaceStartsAnInlineCommentUnlessTheValueIsQuoted() {
    var values = DotEnvFile.parse(List.of(
        "CHATFLOW_ISSUER=chat   # who signs",
        "CHATFLOW_AUDIENCE=\"app # one\"  # quoted, so the hash is kept",
        "CHATFLOW_SEED_PASSWORD=pass#word",
        "CHATFLOW_DB='data/x.db' # single quotes too"));

    assertThat(values).containsEntry("CHATFLOW_ISSUER", "chat")
        .containsEntry("CHATFLOW_AUDIENCE", "app # one")
        .containsEntry("CHATFLOW_SEED_PASSWORD", "pass#word")
        .containsEntry("CHATFLOW_DB", "data/x.db");
    assertThatThrownBy(() -> DotEnvFile.parse(List.of("CHATFLOW_ISSUER=\"a\" b")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void aDotEnvLineWithoutEqualsIsReportedWithItsNumber() {
    assertThatThrownBy(() -> DotEnvFile.parse(List.of("# ok", "CHATFLOW_PORT")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(".env line 2: expected KEY=VALUE");
  }

  @Test
  void aMalformedLineIsReportedWithoutItsText() {
    for (String line : List.of("CHATFLOW_SEED_PASSWORD hunter2hunter2", "hunter2hunter2", "=hunter2hunter2",
        "CHATFLOW_SEED_PASSWORD='hunter2hunter2' hunter3")) {
      assertThatThrownBy(() -> DotEnvFile.parse(List.of("", line))).as(line)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(".env line 2: ")
          .hasMessageNotContaining("hunter");
    }
  }
}
