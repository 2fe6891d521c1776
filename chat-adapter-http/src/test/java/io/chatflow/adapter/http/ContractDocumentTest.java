package io.chatflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every route the project's contract (docs/API.md) names is an operation of /openapi.json, and the other way round. */
class ContractDocumentTest {
  private static final Pattern ROUTE = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`?\\s]*)[^`]*`");
  @Test
  void theContractAndTheOpenApiDocumentNameTheSameRoutes() throws IOException {
    String contract = Files.readString(Path.of("..", "docs", "API.md"));
    Set<String> documented = new TreeSet<>();
    Matcher m = ROUTE.matcher(contract);
    while (m.find()) {
      documented.add(m.group(1) + " " + m.group(2));
    }
    Set<String> served = new TreeSet<>(OpenApiDoc.INSTANCE.operations());

    assertThat(documented).as("routes in docs/API.md").hasSizeGreaterThan(30);
    assertThat(served).as("operations of /openapi.json").containsExactlyInAnyOrderElementsOf(documented);
  }
}
