package dev.corral.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.corral.store.ScanInfo;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * A {@link Summary} as one JSON object. Keys come in a fixed order and are never renamed: scripts
 * and dashboards read them (see docs/report.md for each key).
 */
final class SummaryJson {
  private SummaryJson() {}

  static void write(Summary s, Writer out) throws IOException {
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      g.writeFieldName("source");
      source(g, s.source());
      g.writeNumberField("records", s.records());
      g.writeNumberField("total_open", s.totalOpen());
      g.writeNumberField("ollama", s.ollama());
      g.writeNumberField("exposed", s.exposed());
      g.writeNumberField("with_models", s.withModels());
      g.writeNumberField("with_models_percent", s.withModelsPercent());
      g.writeNumberField("auth_required", s.authRequired());
      share(g, "running", s.running());
      share(g, "openai_compatible", s.openaiCompatible());
      share(g, "cors_any_origin", s.corsAnyOrigin());
      rows(g, "products", "product", s.products());
      rows(g, "risk", "risk", s.risk());
      rows(g, "by_country", "country", s.byCountry());
      g.writeArrayFieldStart("by_version");
      for (Summary.VersionRow row : s.byVersion()) {
        g.writeStartObject();
        g.writeStringField("version", row.version());
        g.writeStringField("basis", row.basis().id());
        g.writeNumberField("hosts", row.hosts());
        Json.percent(g, row.percent());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("by_cve");
      for (Summary.AdvisoryRow row : s.byCve()) {
        g.writeStartObject();
        g.writeStringField("id", row.id());
        Json.stringOrNull(g, "title", row.title());
        g.writeStringField("severity", row.severity());
        g.writeNumberField("hosts", row.hosts());
        g.writeNumberField("certain", row.certain());
        g.writeNumberField("possible", row.possible());
        Json.percent(g, row.percent());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeNumberField("distinct_models", s.distinctModels());
      rows(g, "top_models", "model", s.topModels());
      g.writeNumberField("distinct_families", s.distinctFamilies());
      rows(g, "families", "family", s.families());
      rows(g, "quantizations", "quantization", s.quantizations());
      rows(g, "quantization_bits", "bits", s.quantizationBits());
      g.writeNumberField("with_capabilities", s.withCapabilities());
      rows(g, "capabilities", "capability", s.capabilities());
      g.writeObjectFieldStart("period");
      Json.instant(g, "first_scanned_at", s.firstScannedAt());
      Json.instant(g, "last_scanned_at", s.lastScannedAt());
      g.writeEndObject();
      g.writeObjectFieldStart("input");
      g.writeNumberField("bad_lines", s.input().badLines());
      g.writeArrayFieldStart("problems");
      for (InputProblem p : s.input().first()) {
        g.writeStartObject();
        g.writeNumberField("line", p.line());
        g.writeStringField("reason", p.reason());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  /** {@code {"kind": "store", "name": ..., "scan": {...}}}; shared with the diff. */
  static void source(JsonGenerator g, SourceInfo source) throws IOException {
    g.writeStartObject();
    g.writeStringField("kind", source.kind().id());
    g.writeStringField("name", source.name());
    if (source.scan() != null) {
      g.writeFieldName("scan");
      scan(g, source.scan());
    }
    g.writeEndObject();
  }

  static void scan(JsonGenerator g, ScanInfo scan) throws IOException {
    g.writeStartObject();
    g.writeNumberField("id", scan.id());
    g.writeStringField("status", scan.status().id());
    Json.instant(g, "started_at", scan.startedAt());
    Json.instant(g, "finished_at", scan.finishedAt());
    g.writeStringField("description", scan.description());
    g.writeNumberField("records", scan.targets());
    g.writeNumberField("open", scan.open());
    g.writeNumberField("ollama", scan.ollama());
    g.writeNumberField("exposed", scan.exposed());
    g.writeEndObject();
  }

  private static void share(JsonGenerator g, String field, Summary.Share share) throws IOException {
    g.writeObjectFieldStart(field);
    g.writeNumberField("hosts", share.hosts());
    Json.percent(g, share.percent());
    g.writeEndObject();
  }

  private static void rows(JsonGenerator g, String field, String key, List<Summary.Row> rows)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (Summary.Row row : rows) {
      g.writeStartObject();
      g.writeStringField(key, row.value());
      g.writeNumberField("hosts", row.hosts());
      Json.percent(g, row.percent());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
