package dev.corral.scan.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.corral.scan.target.InputFiles;
import dev.corral.scan.target.LineReader;
import dev.corral.scan.target.TargetSpace;
import dev.corral.scan.target.TargetSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Tells a source file's format from its content, never its name: JSON by the keys of its first
 * object, text by its first meaningful line. Reads only as far as it must (the first record), so
 * detecting a 10 GB download costs no more than a small one.
 */
final class FormatDetector {
  private static final int MAX_FIRST_LINE = 64 * 1024;
  private static final Pattern MASSCAN_LINE =
      Pattern.compile("(open|closed|banner)\\s+(tcp|udp|sctp|icmp)\\s+\\d+\\s+\\S+\\s+\\d+.*");

  /** The format and whether the file was gzip-compressed. */
  record Detection(SourceFormat format, boolean gzip) {}

  private FormatDetector() {}

  static Detection detect(Path file) throws IOException {
    InputFiles.Opened opened = InputFiles.open(file);
    try (InputStream in = opened.stream()) {
      int first = firstSignificantByte(in);
      SourceFormat format = (first == '{' || first == '[') ? json(file, in) : text(file, in);
      return new Detection(format, opened.gzip());
    }
  }

  /** Peeks past a byte-order mark and white space without consuming anything. */
  private static int firstSignificantByte(InputStream in) throws IOException {
    in.mark(MAX_FIRST_LINE);
    try {
      for (int i = 0; i < MAX_FIRST_LINE; i++) {
        int b = in.read();
        if (b < 0) {
          return -1;
        }
        if (b == 0xEF || b == 0xBB || b == 0xBF || Character.isWhitespace(b)) {
          continue;
        }
        return b;
      }
      return -1;
    } finally {
      in.reset();
    }
  }

  private static SourceFormat json(Path file, InputStream in) throws IOException {
    try (JsonParser parser = LenientJson.MAPPER.createParser(in)) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.START_OBJECT) {
        SourceFormat format = byKeys(parser, true);
        if (format != null) {
          return format;
        }
      } else if (token == JsonToken.START_ARRAY) {
        JsonToken element = parser.nextToken();
        if (element == JsonToken.END_ARRAY) {
          return SourceFormat.EMPTY_JSON;
        }
        if (element == JsonToken.START_OBJECT) {
          SourceFormat format = byKeys(parser, false);
          if (format != null) {
            return format;
          }
        }
      }
      throw unknown(file, "first line: '" + printable(firstLine(file)) + "'");
    } catch (JsonProcessingException e) {
      throw new SourceFormatException(
          "cannot tell the format of "
              + file
              + ": it starts like JSON, but line "
              + LenientJson.line(e)
              + " is not valid JSON ("
              + LenientJson.reason(e, false)
              + ")",
          e);
    }
  }

  /**
   * Reads the field names of the object the parser is in, skipping their values, until one of them
   * identifies the format; null when none does.
   *
   * @param topLevel true for a top-level object (which may be a whole response or a JSON Lines
   *     record), false for the first element of a top-level array
   */
  private static SourceFormat byKeys(JsonParser parser, boolean topLevel) throws IOException {
    boolean hasIp = false;
    for (JsonToken token = parser.nextToken();
        token == JsonToken.FIELD_NAME;
        token = parser.nextToken()) {
      String name = parser.currentName();
      hasIp |= name.equals("ip");
      SourceFormat found = byKey(name, topLevel, hasIp);
      if (found != null) {
        return found;
      }
      parser.nextToken();
      parser.skipChildren();
    }
    return null;
  }

  private static SourceFormat byKey(String name, boolean topLevel, boolean hasIp) {
    return switch (name) {
      case "matches" -> topLevel ? SourceFormat.SHODAN_SEARCH : null;
      case "result" -> topLevel ? SourceFormat.CENSYS_SEARCH : null;
      case "ip_str", "_shodan" ->
          topLevel ? SourceFormat.SHODAN_BANNER_LINES : SourceFormat.SHODAN_BANNER_ARRAY;
      case "services" -> topLevel ? SourceFormat.CENSYS_HIT_LINES : SourceFormat.CENSYS_HIT_ARRAY;
      case "ports" -> topLevel ? SourceFormat.MASSCAN_JSON_LINES : SourceFormat.MASSCAN_JSON;
      // [{finished: 1}] is what masscan -oJ writes for a scan that found nothing.
      case "finished" -> topLevel ? null : SourceFormat.MASSCAN_JSON;
      case "timestamp" -> hasIp && !topLevel ? SourceFormat.MASSCAN_JSON : null;
      default -> null;
    };
  }

  private static SourceFormat text(Path file, InputStream in) throws IOException {
    try (LineReader lines = new LineReader(in, MAX_FIRST_LINE)) {
      String firstLine = null;
      for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
        String text = line.text().strip();
        if (text.isEmpty()) {
          continue;
        }
        if (firstLine == null) {
          firstLine = text;
        }
        if (text.startsWith("#masscan")) {
          return SourceFormat.MASSCAN_LIST;
        }
        if (text.startsWith("#")) {
          continue;
        }
        if (MASSCAN_LINE.matcher(text).matches()) {
          return SourceFormat.MASSCAN_LIST;
        }
        if (ZmapRows.isHeader(text)) {
          return SourceFormat.ZMAP_CSV;
        }
        if (isTarget(text)) {
          return SourceFormat.LIST;
        }
        throw unknown(file, "first line: '" + printable(firstLine) + "'");
      }
      return SourceFormat.LIST; // nothing but blank lines and comments: an empty list
    }
  }

  private static String firstLine(Path file) throws IOException {
    try (LineReader lines = new LineReader(InputFiles.open(file).stream(), MAX_FIRST_LINE)) {
      for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
        if (!line.text().isBlank()) {
          return line.text().strip();
        }
      }
      return "";
    }
  }

  private static boolean isTarget(String line) {
    String text = TargetSpace.Builder.withoutComment(line);
    try {
      TargetSpace.builder().add(text, "first line");
      return true;
    } catch (TargetSyntaxException e) {
      return false;
    }
  }

  static SourceFormatException unknown(Path file, String detail) {
    return new SourceFormatException(
        "cannot tell the format of "
            + file
            + ": expected Shodan JSON, Censys JSON, masscan -oJ/-oL, ZMap CSV or a list of targets ("
            + detail
            + ")");
  }

  /**
   * The line cut short, with control characters and binary noise replaced: it goes in a message.
   */
  private static String printable(String line) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < line.length() && out.length() < 60; i++) {
      char c = line.charAt(i);
      out.append(c < 0x20 || c == 0x7F || c == '\uFFFD' ? '?' : c);
    }
    if (line.length() > 60) {
      out.append("...");
    }
    return out.toString();
  }
}
