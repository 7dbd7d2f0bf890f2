package dev.corral.scan.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.scan.target.LineReader;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * One JSON object per line (Shodan downloads, Censys exports, masscan ndjson). A bad line is
 * reported and skipped; the next line starts afresh, so damage never spreads.
 */
final class JsonLinesStream implements RecordStream {
  private final LineReader lines;
  private final Function<JsonNode, List<Candidate>> mapping;
  private final SourceProblems problems;

  JsonLinesStream(
      LineReader lines, Function<JsonNode, List<Candidate>> mapping, SourceProblems problems) {
    this.lines = lines;
    this.mapping = mapping;
    this.problems = problems;
  }

  @Override
  public Iterator<Candidate> next() throws IOException {
    LineReader.Line line = lines.next();
    while (line != null && line.text().isBlank()) {
      line = lines.next();
    }
    if (line == null) {
      return null;
    }
    if (line.truncated()) {
      problems.add(line.number(), "line is longer than " + LineReader.DEFAULT_MAX_LINE + " bytes");
      return Collections.emptyIterator();
    }
    String text = line.text().strip();
    if (text.endsWith(",")) {
      text = text.substring(0, text.length() - 1); // masscan ends its object lines with a comma
    }
    try {
      return mapping.apply(LenientJson.ONE_VALUE.readTree(text)).iterator();
    } catch (JsonProcessingException e) {
      problems.add(line.number(), "not valid JSON: " + LenientJson.reason(e, true));
    } catch (BadRecord e) {
      problems.add(line.number(), e.getMessage());
    }
    return Collections.emptyIterator();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
