package dev.corral.report;

import dev.corral.core.scan.CveEntry;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ModelEntry;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One CSV row per host record (RFC 4180: comma-separated, double quotes, CRLF), written as the
 * records stream past. The columns are the record's JSON fields except {@code evidence}; lists are
 * joined with {@code ;} (models and CVEs by name). Two columns are added at the end: {@code
 * model_count} and {@code certain_cves}.
 *
 * <p>A text cell that a spreadsheet would run as a formula (it starts with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return) gets a leading {@code '}: model names and
 * organisations come from the servers scanned.
 */
final class HostCsv {
  private record Column(String name, Function<HostRecord, Object> value) {}

  static final List<String> HEADER;

  private static final List<Column> COLUMNS =
      List.of(
          new Column("target", HostRecord::target),
          new Column("ip", HostRecord::ip),
          new Column("port", HostRecord::port),
          new Column("scheme", HostRecord::scheme),
          new Column("state", r -> r.state() == null ? null : r.state().id()),
          new Column("product", HostRecord::product),
          new Column("ollama", HostRecord::ollama),
          new Column("confidence", HostRecord::confidence),
          new Column("version", HostRecord::version),
          new Column("version_range", HostRecord::versionRange),
          new Column("auth", r -> r.auth() == null ? null : r.auth().id()),
          new Column("exposed", HostRecord::exposed),
          new Column("models", r -> join(r.models().stream().map(ModelEntry::name))),
          new Column("running", r -> join(r.running().stream())),
          new Column("openai_compatible", HostRecord::openaiCompatible),
          new Column("cors_any_origin", HostRecord::corsAnyOrigin),
          new Column("cves", r -> join(r.cves().stream().map(CveEntry::id))),
          new Column("risk", r -> r.risk() == null ? null : r.risk().id()),
          new Column("country", HostRecord::country),
          new Column("asn", HostRecord::asn),
          new Column("org", HostRecord::org),
          new Column("scanned_at", HostRecord::scannedAt),
          new Column("model_count", r -> r.models().size()),
          new Column(
              "certain_cves",
              r ->
                  join(
                      r.cves().stream()
                          .filter(c -> "certain".equals(c.certainty()))
                          .map(CveEntry::id))));

  static {
    List<String> names = new ArrayList<>();
    for (Column c : COLUMNS) {
      names.add(c.name());
    }
    HEADER = List.copyOf(names);
  }

  private HostCsv() {}

  /** Writes the header and one row per record; returns how many rows. */
  static long write(Stream<HostRecord> records, Writer out) throws IOException {
    out.write(String.join(",", HEADER));
    out.write("\r\n");
    long rows = 0;
    StringBuilder line = new StringBuilder(512);
    Iterator<HostRecord> it = records.iterator();
    while (it.hasNext()) {
      HostRecord r = it.next();
      line.setLength(0);
      for (int i = 0; i < COLUMNS.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        Column column = COLUMNS.get(i);
        Object value = column.value().apply(r);
        if (value != null) {
          cell(line, value.toString(), !(value instanceof Number || value instanceof Boolean));
        }
      }
      line.append("\r\n");
      out.write(line.toString());
      rows++;
    }
    out.flush();
    return rows;
  }

  private static String join(Stream<String> values) {
    StringBuilder joined = new StringBuilder();
    values.forEach(
        v -> {
          if (v != null) {
            if (!joined.isEmpty()) {
              joined.append(';');
            }
            joined.append(v);
          }
        });
    return joined.toString();
  }

  private static void cell(StringBuilder line, String value, boolean text) {
    String v = text && formula(value) ? "'" + value : value;
    boolean quote =
        v.indexOf(',') >= 0
            || v.indexOf('"') >= 0
            || v.indexOf('\n') >= 0
            || v.indexOf('\r') >= 0
            || (!v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' '));
    if (quote) {
      line.append('"').append(v.replace("\"", "\"\"")).append('"');
    } else {
      line.append(v);
    }
  }

  private static boolean formula(String value) {
    if (value.isEmpty()) {
      return false;
    }
    char c = value.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  }
}
