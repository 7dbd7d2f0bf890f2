package dev.corral.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** A buffered UTF-8 writer on standard output whose close only flushes. */
final class StandardOutput {
  private StandardOutput() {}

  static Writer writer() {
    return new BufferedWriter(
        new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8) {
          @Override
          public void close() throws IOException {
            flush(); // the process's standard output stays open for whoever prints next
          }
        },
        1 << 16);
  }
}
