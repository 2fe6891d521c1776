package io.chatflow.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build's enforcer rules keep libraries out of the core; this keeps the JDK's
 * own SQL, HTTP and desktop APIs out too (ARCHITECTURE.md: no SQL, no HTTP in the core).
 */
class CoreImportsTest {
  private static final Pattern FORBIDDEN =
      Pattern.compile("^import (static )?(java\\.sql|javax\\.sql|java\\.net\\.http|com\\.sun\\.net|java\\.awt|javax\\.)\\.?.*", Pattern.MULTILINE);
  private static final Pattern FOREIGN = Pattern.compile("^import (static )?(?!java\\.|io\\.chatflow\\.).*", Pattern.MULTILINE);

  @Test
  void theCoreImportsOnlyTheJdkAndItself() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> sources;
    try (Stream<Path> files = Stream.concat(
        Files.walk(root.resolve("chat-domain/src/main/java")), Files.walk(root.resolve("chat-ports/src/main/java")))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(sources).hasSizeGreaterThan(40);
    for (Path source : sources) {
      String text = Files.readString(source);
      assertThat(FORBIDDEN.matcher(text).find()).as("%s imports SQL, HTTP or UI APIs", source).isFalse();
      assertThat(FOREIGN.matcher(text).find()).as("%s imports something outside the JDK and the core", source).isFalse();
    }
  }
}
