package dev.corral.report;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.HostRecordJson;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Host records from a JSON Lines input, plain or gzip (recognised by its first two bytes, whatever
 * the file is called). A line that is not a host record is skipped, counted, and handed to the
 * problem callback with its line number; blank lines are ignored.
 */
final class JsonlRecords extends Spliterators.AbstractSpliterator<HostRecord> {
  /** A host record with evidence is a few KB; a line a thousand times longer is not one. */
  static final int MAX_LINE_CHARS = 4 * 1024 * 1024;

  private static final int MAX_REASON = 200;

  private final String name;
  private final InputStream raw;
  private final Consumer<InputProblem> onProblem;
  private final List<InputProblem> firstProblems = new ArrayList<>();
  private Reader reader;
  private LineReader lines;
  private long badLines;

  JsonlRecords(String name, InputStream in, Consumer<InputProblem> onProblem) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.name = name;
    this.raw = in;
    this.onProblem = onProblem;
  }

  @Override
  public boolean tryAdvance(Consumer<? super HostRecord> action) {
    try {
      if (lines == null) {
        reader = new InputStreamReader(decompressed(raw), StandardCharsets.UTF_8);
        lines = new LineReader(reader, MAX_LINE_CHARS);
      }
      String line;
      while ((line = lines.next()) != null) {
        if (lines.tooLong()) {
          problem("longer than " + MAX_LINE_CHARS / (1024 * 1024) + " MiB, not a host record");
          continue;
        }
        if (lines.number() == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        HostRecord record = parse(line);
        if (record != null) {
          action.accept(record);
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  private HostRecord parse(String line) {
    if (line.stripLeading().charAt(0) != '{') {
      problem("not a JSON object");
      return null;
    }
    HostRecord record;
    try {
      record = HostRecordJson.parse(line);
    } catch (JsonProcessingException e) {
      problem(reason(e));
      return null;
    }
    if (record.ip() == null || record.ip().isBlank()) {
      problem("not a host record: no ip");
      return null;
    }
    if (record.scheme() == null || record.scheme().isBlank()) {
      problem("not a host record: no scheme");
      return null;
    }
    return record;
  }

  private void problem(String reason) {
    InputProblem problem = new InputProblem(lines.number(), reason);
    badLines++;
    if (firstProblems.size() < InputProblems.KEPT) {
      firstProblems.add(problem);
    }
    onProblem.accept(problem);
  }

  InputProblems problems() {
    return new InputProblems(badLines, firstProblems);
  }

  /** Closes the input, and the gzip decoder (native memory) when one was opened. */
  void close() {
    try {
      if (reader != null) {
        reader.close();
      }
      raw.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ReportException failure(IOException e) {
    long at = lines == null ? 1 : lines.number() + 1;
    if (e instanceof EOFException) {
      return new ReportException(
          name + " ends early at line " + at + ": the gzip data is cut off", e);
    }
    if (e instanceof ZipException) {
      return new ReportException(
          name + " is damaged at line " + at + ": " + Text.printable(e.getMessage()), e);
    }
    return new ReportException(
        "cannot read " + name + " at line " + at + ": " + Text.printable(e.getMessage()), e);
  }

  private static InputStream decompressed(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      return new GZIPInputStream(buffered, 64 * 1024);
    }
    return buffered;
  }

  /** Jackson's reason in a few words, without its source excerpt. */
  static String reason(JsonProcessingException e) {
    String reason =
        switch (e) {
          case JsonParseException p -> "not JSON: " + firstLine(p.getOriginalMessage());
          case UnrecognizedPropertyException u -> "unknown field '" + u.getPropertyName() + "'";
          case ValueInstantiationException v when v.getCause() != null ->
              "not a host record: " + firstLine(v.getCause().getMessage());
          case JsonMappingException m when !m.getPath().isEmpty() ->
              "field '" + path(m) + "': " + firstLine(m.getOriginalMessage());
          default -> "not a host record: " + firstLine(e.getOriginalMessage());
        };
    // A record is built once all its fields are read, so an unknown field is only noticed at the
    // end of the line: its column would point there, not at the field.
    if (!(e instanceof UnrecognizedPropertyException)
        && e.getLocation() != null
        && e.getLocation().getColumnNr() > 0) {
      reason += " (column " + e.getLocation().getColumnNr() + ")";
    }
    return Text.printable(reason);
  }

  /** {@code models[0].size}. */
  private static String path(JsonMappingException m) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "…" : line;
  }
}
