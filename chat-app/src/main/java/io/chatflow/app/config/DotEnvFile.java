package io.chatflow.app.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file: KEY=VALUE lines; blank lines, {@code #} comments and a leading
 * {@code export} are allowed. An error names the line, never its text (it may hold a secret).
 */
// Not dotenv-java 3.2.0: it rejects `export`, keeps single quotes, cuts pass#word to pass, drops "a" b silently, and echoes malformed lines.
public final class DotEnvFile {
  public static final String NAME = ".env";
  private static final Pattern INLINE_COMMENT = Pattern.compile("\\s+#.*$");

  private DotEnvFile() {}

  /** The entries of {@code directory/.env}, in file order; none when there is no such file. */
  public static Map<String, String> readIn(Path directory) {
    Path file = directory.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static Map<String, String> parse(List<String> lines) {
    Map<String, String> result = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(NAME + " line " + (i + 1) + ": expected KEY=VALUE");
      }
      String value = value(line.substring(eq + 1).strip());
      if (value == null) {
        throw new ConfigException(NAME + " line " + (i + 1) + ": text after the closing quote");
      }
      result.put(line.substring(0, eq).strip(), value);
    }
    return result;
  }

  /**
   * As dotenv files are commonly read: a quoted value is taken as it stands between its
   * quotes; in an unquoted one, {@code #} after a space starts a comment. Null when
   * something other than a comment follows a closing quote.
   */
  private static String value(String raw) {
    if (!raw.isEmpty() && (raw.charAt(0) == '"' || raw.charAt(0) == '\'')) {
      int close = raw.indexOf(raw.charAt(0), 1);
      if (close > 0) {
        String rest = raw.substring(close + 1).strip();
        return rest.isEmpty() || rest.startsWith("#") ? raw.substring(1, close) : null;
      }
    }
    return INLINE_COMMENT.matcher(raw).replaceFirst("");
  }
}
