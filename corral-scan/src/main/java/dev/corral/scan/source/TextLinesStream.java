package dev.corral.scan.source;

import dev.corral.scan.target.LineReader;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.function.Function;

/** Line-oriented sources (masscan -oL, ZMap CSV, lists): one record per line. */
final class TextLinesStream implements RecordStream {
  private final LineReader lines;
  private final Function<String, Iterator<Candidate>> mapping;
  private final SourceProblems problems;

  TextLinesStream(
      LineReader lines, Function<String, Iterator<Candidate>> mapping, SourceProblems problems) {
    this.lines = lines;
    this.mapping = mapping;
    this.problems = problems;
  }

  @Override
  public Iterator<Candidate> next() throws IOException {
    LineReader.Line line = lines.next();
    if (line == null) {
      return null;
    }
    if (line.truncated()) {
      problems.add(line.number(), "line is too long to be a record");
      return Collections.emptyIterator();
    }
    try {
      return mapping.apply(line.text());
    } catch (BadRecord e) {
      problems.add(line.number(), e.getMessage());
      return Collections.emptyIterator();
    }
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
