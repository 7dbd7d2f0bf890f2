package dev.corral.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import picocli.CommandLine;

/**
 * The command line's standard output as a writer whose close only flushes: commands close what they
 * write to, and standard output must stay open for whoever prints next.
 */
final class StandardOutput {
  private StandardOutput() {}

  static Writer of(CommandLine commandLine) {
    return new FilterWriter(commandLine.getOut()) {
      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
