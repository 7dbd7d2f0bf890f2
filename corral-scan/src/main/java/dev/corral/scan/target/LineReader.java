package dev.corral.scan.target;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a text file, numbered from 1, with a cap on line length: a damaged or binary file with
 * no newline for gigabytes must not be read into one string. Over-long lines come back cut and
 * flagged, and the rest of them is skipped. Bytes that are not UTF-8 become U+FFFD rather than
 * stopping the read. A byte-order mark at the start is dropped.
 */
public final class LineReader implements Closeable {
  /** Long enough for any real Shodan banner; short enough to bound memory. */
  public static final int DEFAULT_MAX_LINE = 16 * 1024 * 1024;

  /** One line without its terminator ({@code \n} or {@code \r\n}). */
  public record Line(long number, String text, boolean truncated) {}

  private final Reader reader;
  private final int maxLine;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private long number;
  private boolean eof;

  public LineReader(InputStream in) {
    this(in, DEFAULT_MAX_LINE);
  }

  public LineReader(InputStream in, int maxLine) {
    this.reader =
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    this.maxLine = maxLine;
  }

  /** The next line, or null at the end. */
  public Line next() throws IOException {
    if (eof && position >= limit) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    boolean truncated = false;
    boolean sawAnything = false;
    while (true) {
      if (position >= limit) {
        limit = reader.read(buffer);
        position = 0;
        if (limit < 0) {
          limit = 0;
          eof = true;
          break;
        }
      }
      sawAnything = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int room = maxLine - text.length();
      int take = position - start;
      if (take > room) {
        take = room;
        truncated = true;
      }
      text.append(buffer, start, take);
      if (position < limit) {
        position++; // the '\n'
        break;
      }
    }
    if (!sawAnything) {
      return null;
    }
    number++;
    int length = text.length();
    if (length > 0 && text.charAt(length - 1) == '\r') {
      text.setLength(length - 1);
    }
    if (number == 1 && text.length() > 0 && text.charAt(0) == '\uFEFF') {
      text.deleteCharAt(0);
    }
    return new Line(number, text.toString(), truncated);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
