package dev.corral.report;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines like {@link java.io.BufferedReader#readLine()}, but never holds more than {@code
 * maxChars} of one: a longer line (a damaged file, a file that is not JSON Lines at all) is skipped
 * to its end and reported as too long instead of filling the heap.
 */
final class LineReader {
  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[64 * 1024];
  private final StringBuilder line = new StringBuilder();
  private int pos;
  private int len;
  private long number;
  private boolean tooLong;

  LineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /**
   * The next line without its terminator ({@code \n} or {@code \r\n}), or null at the end. When the
   * line was longer than the limit, returns an empty string and {@link #tooLong()} is true.
   */
  String next() throws IOException {
    line.setLength(0);
    tooLong = false;
    boolean any = false;
    while (true) {
      if (pos == len) {
        len = in.read(buffer);
        pos = 0;
        if (len < 0) {
          len = 0;
          if (!any) {
            return null;
          }
          break;
        }
      }
      any = true;
      int start = pos;
      while (pos < len && buffer[pos] != '\n') {
        pos++;
      }
      if (!tooLong) {
        if (line.length() + (pos - start) > maxChars + 1) {
          tooLong = true;
          line.setLength(0);
        } else {
          line.append(buffer, start, pos - start);
        }
      }
      if (pos < len) {
        pos++;
        break;
      }
    }
    number++;
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') {
      line.setLength(end - 1);
    }
    if (!tooLong && line.length() > maxChars) {
      tooLong = true;
      line.setLength(0);
    }
    return line.toString();
  }

  /** The 1-based number of the line {@link #next()} returned last. */
  long number() {
    return number;
  }

  /** Whether the line {@link #next()} returned last was over the limit (and is not returned). */
  boolean tooLong() {
    return tooLong;
  }
}
