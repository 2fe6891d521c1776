package io.chatflow.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** What a command runs against: the working directory, the environment and the output. */
record Context(Path workingDir, Map<String, String> environment, PrintWriter out, PrintWriter err) {}
