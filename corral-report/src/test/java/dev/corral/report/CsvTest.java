package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.Risk;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CsvTest {

  static String csv(Stream<HostRecord> records) {
    StringWriter out = new StringWriter();
    try (RecordSource in = RecordSource.of(records, "test")) {
      Report.write(in, ReportOptions.defaults().withFormat(ReportFormat.CSV), out);
    }
    return out.toString();
  }

  /** An RFC 4180 reader: quoted cells, doubled quotes, CRLF rows. */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    assertThat(quoted).as("unterminated quote").isFalse();
    assertThat(cell).as("text after the last CRLF").isEmpty();
    return rows;
  }

  private static List<Map<String, String>> table(String text) {
    List<List<String>> rows = parse(text);
    List<String> header = rows.get(0);
    List<Map<String, String>> out = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      assertThat(row).hasSameSizeAs(header);
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        m.put(header.get(i), row.get(i));
      }
      out.add(m);
    }
    return out;
  }

  @Test
  void oneRowPerHostWithTheRecordsFieldsInOrder() {
    String text = csv(Sample.records().stream());
    List<List<String>> rows = parse(text);
    assertThat(rows.get(0))
        .containsExactly(
            "target",
            "ip",
            "port",
            "scheme",
            "state",
            "product",
            "ollama",
            "confidence",
            "version",
            "version_range",
            "auth",
            "exposed",
            "models",
            "running",
            "openai_compatible",
            "cors_any_origin",
            "cves",
            "risk",
            "country",
            "asn",
            "org",
            "scanned_at",
            "model_count",
            "certain_cves");
    assertThat(rows).hasSize(1 + Sample.records().size());
  }

  @Test
  void parsesBackToTheRecordsValues() {
    List<Map<String, String>> rows = table(csv(Sample.records().stream()));
    List<HostRecord> records = Sample.records();
    for (int i = 0; i < records.size(); i++) {
      HostRecord r = records.get(i);
      Map<String, String> row = rows.get(i);
      assertThat(row.get("ip")).isEqualTo(r.ip());
      assertThat(Integer.parseInt(row.get("port"))).isEqualTo(r.port());
      assertThat(row.get("state")).isEqualTo(r.state().id());
      assertThat(Boolean.parseBoolean(row.get("exposed"))).isEqualTo(r.exposed());
      assertThat(row.get("version")).isEqualTo(r.version() == null ? "" : r.version());
      assertThat(row.get("version_range"))
          .isEqualTo(r.versionRange() == null ? "" : r.versionRange());
      assertThat(row.get("models").isEmpty() ? List.of() : List.of(row.get("models").split(";")))
          .isEqualTo(r.models().stream().map(m -> m.name()).toList());
      assertThat(row.get("risk")).isEqualTo(r.risk().id());
      assertThat(Integer.parseInt(row.get("model_count"))).isEqualTo(r.models().size());
    }
    Map<String, String> first = rows.get(0);
    assertThat(first.get("org")).isEqualTo("Example Hosting");
    assertThat(first.get("asn")).isEqualTo("64500");
    assertThat(first.get("openai_compatible")).isEqualTo("true");
    assertThat(first.get("cors_any_origin")).isEqualTo("false");
    assertThat(first.get("running")).isEqualTo("llama3.2:latest");
    assertThat(first.get("scanned_at")).isEqualTo("2026-11-27T10:15:00Z");
    Map<String, String> hidden = rows.get(3);
    assertThat(hidden.get("cves")).isEqualTo("CVE-2024-39720;CVE-2024-37032");
    assertThat(hidden.get("certain_cves")).isEqualTo("CVE-2024-39720");
    assertThat(hidden.get("cors_any_origin")).isEqualTo("true");
    assertThat(rows.get(1).get("cors_any_origin")).as("unknown is empty").isEmpty();
  }

  @Test
  void quotesCommasQuotesAndLineBreaks() {
    HostRecord r =
        Host.exposed("203.0.113.20")
            .asn(64501, "Acme, \"Cloud\"\nDivision")
            .model("a,b")
            .model(" padded ")
            .record();
    String text = csv(Stream.of(r));
    assertThat(text).contains("\"Acme, \"\"Cloud\"\"\nDivision\"");
    Map<String, String> row = table(text).get(0);
    assertThat(row.get("org")).isEqualTo("Acme, \"Cloud\"\nDivision");
    assertThat(row.get("models")).isEqualTo("a,b; padded ");
  }

  @Test
  void cellsASpreadsheetWouldRunAsFormulasAreDefused() {
    HostRecord r =
        Host.exposed("203.0.113.21")
            .asn(64502, "=HYPERLINK(\"http://evil.example\",\"x\")")
            .model("@SUM(A1)")
            .model("+1")
            .risk(Risk.HIGH)
            .record();
    Map<String, String> row = table(csv(Stream.of(r))).get(0);
    assertThat(row.get("org")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
    assertThat(row.get("models")).isEqualTo("'@SUM(A1);+1");
    assertThat(row.get("asn")).as("numbers are left alone").isEqualTo("64502");
  }

  @Test
  void emptyInputIsJustTheHeader() {
    assertThat(parse(csv(Stream.empty()))).hasSize(1);
  }
}
