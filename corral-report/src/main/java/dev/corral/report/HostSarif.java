package dev.corral.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.corral.core.scan.CveEntry;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ModelEntry;
import dev.corral.core.scan.Risk;
import dev.corral.core.vuln.Advisory;
import dev.corral.core.vuln.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Exposed Ollama servers as SARIF 2.1.0, for CI code scanning (GitHub, GitLab, Azure DevOps).
 * Written while the records stream past; only exposed servers produce results:
 *
 * <ul>
 *   <li>{@code corral/exposed-ollama}: one per exposed server, level from its risk;
 *   <li>{@code corral/cors-any-origin}: when any web page may call it;
 *   <li>{@code corral/cve/<id>}: one per advisory that <em>certainly</em> applies, level from the
 *       advisory's severity. Possible ones (hidden version) are named in the exposed-ollama result
 *       instead: a server hiding its version possibly has almost every advisory.
 * </ul>
 *
 * <p>A finding's location is its server's URL, as an artifact location and as a logical location of
 * kind {@code resource}; {@code partialFingerprints} keeps one alert per finding and server across
 * runs.
 */
final class HostSarif {
  static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
  static final String EXPOSED = "corral/exposed-ollama";
  static final String CORS = "corral/cors-any-origin";
  static final String CVE_PREFIX = "corral/cve/";

  private static final int MODELS_NAMED = 5;

  /**
   * Advisories that are the exposure itself: CVE-2025-63389 is "no authentication on model
   * management", which every exposed server has. A result of its own would double every alert, so
   * it is named in the exposed-ollama result instead.
   */
  private static final Set<String> FOLDED = Set.of("CVE-2025-63389");

  private HostSarif() {}

  /** Writes the log; returns how many results. */
  static long write(
      Stream<HostRecord> records,
      ReportOptions options,
      SourceInfo source,
      Supplier<InputProblems> problems,
      Writer out)
      throws IOException {
    Map<String, Integer> ruleIndex = new HashMap<>();
    long results = 0;
    long exposed = 0;
    long seen = 0;
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      g.writeStringField("$schema", SCHEMA);
      g.writeStringField("version", "2.1.0");
      g.writeArrayFieldStart("runs");
      g.writeStartObject();
      g.writeObjectFieldStart("tool");
      g.writeObjectFieldStart("driver");
      g.writeStringField("name", "corral");
      g.writeStringField("version", options.toolVersion());
      g.writeArrayFieldStart("rules");
      writeRules(g, options, ruleIndex);
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("results");
      Iterator<HostRecord> it = records.iterator();
      while (it.hasNext()) {
        HostRecord r = it.next();
        seen++;
        if (!r.exposed()) {
          continue;
        }
        exposed++;
        results += writeResults(g, r, options, ruleIndex);
      }
      g.writeEndArray();
      InputProblems input = problems.get();
      g.writeArrayFieldStart("invocations");
      g.writeStartObject();
      g.writeBooleanField("executionSuccessful", true);
      g.writeArrayFieldStart("toolExecutionNotifications");
      for (InputProblem p : input.first()) {
        g.writeStartObject();
        g.writeStringField("level", "warning");
        message(g, source.name() + ", " + p + " (skipped)");
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndArray();
      g.writeObjectFieldStart("properties");
      g.writeStringField("source", source.label());
      g.writeNumberField("records", seen);
      g.writeNumberField("exposed", exposed);
      g.writeNumberField("badLines", input.badLines());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
    return results;
  }

  private static void writeRules(
      JsonGenerator g, ReportOptions options, Map<String, Integer> ruleIndex) throws IOException {
    rule(
        g,
        EXPOSED,
        "ExposedOllamaApi",
        "Ollama API answers without authentication",
        "Anyone who can reach this address can run its models, pull, copy and delete models, and"
            + " read its configuration: Ollama has no authentication of its own (CVE-2025-63389).",
        "Bind Ollama to 127.0.0.1 (OLLAMA_HOST=127.0.0.1:11434), or put an authenticating gateway"
            + " in front of it, and close port 11434 to the Internet.",
        null,
        "error",
        "8.0");
    ruleIndex.put(EXPOSED, 0);
    rule(
        g,
        CORS,
        "OllamaCorsAnyOrigin",
        "Ollama accepts requests from any web page",
        "OLLAMA_ORIGINS=* lets scripts on every web page its users visit call this API, including"
            + " pages that reach it through a browser on the local network.",
        "Remove OLLAMA_ORIGINS=* or list only the origins that need the API.",
        null,
        "warning",
        "5.0");
    ruleIndex.put(CORS, 1);
    int index = 2;
    for (Advisory a : options.advisories().all()) {
      String fix =
          a.fixed().map(v -> "Upgrade Ollama to " + v + " or later. ").orElse("")
              + (a.mitigations().isEmpty()
                  ? "No gateway rule neutralises it."
                  : "An authenticating gateway in front of Ollama neutralises it for remote"
                      + " attackers.");
      rule(
          g,
          CVE_PREFIX + a.id(),
          a.id(),
          a.title(),
          a.summary(),
          fix,
          a.references().isEmpty() ? null : a.references().get(0),
          level(a.severity()),
          securitySeverity(a));
      ruleIndex.put(CVE_PREFIX + a.id(), index++);
    }
  }

  private static void rule(
      JsonGenerator g,
      String id,
      String name,
      String shortText,
      String fullText,
      String help,
      String helpUri,
      String level,
      String securitySeverity)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("name", name);
    g.writeObjectFieldStart("shortDescription");
    g.writeStringField("text", shortText);
    g.writeEndObject();
    g.writeObjectFieldStart("fullDescription");
    g.writeStringField("text", fullText);
    g.writeEndObject();
    g.writeObjectFieldStart("help");
    g.writeStringField("text", help);
    g.writeEndObject();
    if (helpUri != null) {
      g.writeStringField("helpUri", helpUri);
    }
    g.writeObjectFieldStart("defaultConfiguration");
    g.writeStringField("level", level);
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeArrayFieldStart("tags");
    g.writeString("security");
    g.writeEndArray();
    g.writeStringField("security-severity", securitySeverity);
    g.writeStringField("precision", "high");
    g.writeEndObject();
    g.writeEndObject();
  }

  private static int writeResults(
      JsonGenerator g, HostRecord r, ReportOptions options, Map<String, Integer> ruleIndex)
      throws IOException {
    String url = url(r);
    List<String> certain = new ArrayList<>();
    List<String> possible = new ArrayList<>();
    Map<String, CveEntry> cves = new LinkedHashMap<>();
    for (CveEntry cve : r.cves()) {
      if (cve != null && cve.id() != null && !cve.id().isBlank()) {
        cves.merge(cve.id().strip(), cve, (a, b) -> "certain".equals(a.certainty()) ? a : b);
      }
    }
    cves.forEach((id, cve) -> ("certain".equals(cve.certainty()) ? certain : possible).add(id));

    StringBuilder text = new StringBuilder(ollama(r));
    text.append(" at ").append(url).append(" answers without authentication");
    if (!r.models().isEmpty()) {
      List<String> names = new ArrayList<>();
      for (ModelEntry m : r.models()) {
        if (m != null && m.name() != null && names.size() < MODELS_NAMED) {
          names.add(m.name());
        }
      }
      text.append("; it lists ")
          .append(r.models().size())
          .append(r.models().size() == 1 ? " model" : " models");
      if (!names.isEmpty()) {
        text.append(" (")
            .append(String.join(", ", names))
            .append(r.models().size() > names.size() ? ", …" : "")
            .append(')');
      }
    }
    if (!certain.isEmpty()) {
      text.append("; affected by ").append(String.join(", ", certain));
    }
    if (!possible.isEmpty()) {
      text.append("; possibly affected by ").append(String.join(", ", possible));
    }
    text.append(". Risk: ").append(r.risk() == null ? "unknown" : r.risk().id()).append('.');

    result(g, r, EXPOSED, ruleIndex, level(r.risk()), text.toString(), url, certain, possible);
    int written = 1;
    if (Boolean.TRUE.equals(r.corsAnyOrigin())) {
      result(
          g,
          r,
          CORS,
          ruleIndex,
          "warning",
          "Ollama at " + url + " accepts requests from any web page (OLLAMA_ORIGINS=*).",
          url,
          List.of(),
          List.of());
      written++;
    }
    for (String id : certain) {
      if (FOLDED.contains(id)) {
        continue;
      }
      Advisory a = options.advisories().find(id).orElse(null);
      String severity = cves.get(id).severity();
      String level = a != null ? level(a.severity()) : level(severity(severity));
      String title = a == null ? "" : " (" + a.title() + ")";
      result(
          g,
          r,
          CVE_PREFIX + id,
          ruleIndex,
          level,
          id + title + " affects " + ollama(r) + " at " + url + ".",
          url,
          List.of(),
          List.of());
      written++;
    }
    return written;
  }

  private static void result(
      JsonGenerator g,
      HostRecord r,
      String ruleId,
      Map<String, Integer> ruleIndex,
      String level,
      String text,
      String url,
      List<String> certain,
      List<String> possible)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", ruleId);
    Integer index = ruleIndex.get(ruleId);
    if (index != null) {
      g.writeNumberField("ruleIndex", index);
    }
    g.writeStringField("level", level);
    message(g, text);
    g.writeArrayFieldStart("locations");
    g.writeStartObject();
    g.writeObjectFieldStart("physicalLocation");
    g.writeObjectFieldStart("artifactLocation");
    g.writeStringField("uri", url);
    g.writeEndObject();
    g.writeEndObject();
    g.writeArrayFieldStart("logicalLocations");
    g.writeStartObject();
    g.writeStringField("name", r.hostKey().substring(r.scheme().length() + 3));
    g.writeStringField("fullyQualifiedName", url);
    g.writeStringField("kind", "resource");
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField("corralFinding/v1", ruleId + " " + r.hostKey());
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("risk", r.risk() == null ? "unknown" : r.risk().id());
    stringIfPresent(g, "version", r.version());
    stringIfPresent(g, "versionRange", r.versionRange());
    stringIfPresent(g, "country", r.country());
    if (r.asn() != null) {
      g.writeNumberField("asn", r.asn());
    }
    stringIfPresent(g, "org", r.org());
    g.writeNumberField("models", r.models().size());
    ids(g, "advisories", certain);
    ids(g, "possibleAdvisories", possible);
    if (r.scannedAt() != null) {
      g.writeStringField("scannedAt", r.scannedAt().toString());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void ids(JsonGenerator g, String field, List<String> ids) throws IOException {
    if (!ids.isEmpty()) {
      g.writeArrayFieldStart(field);
      for (String id : ids) {
        g.writeString(id);
      }
      g.writeEndArray();
    }
  }

  private static void stringIfPresent(JsonGenerator g, String field, String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static void message(JsonGenerator g, String text) throws IOException {
    g.writeObjectFieldStart("message");
    g.writeStringField("text", Text.printable(text));
    g.writeEndObject();
  }

  /** The server's URL; a zone id ({@code fe80::1%eth0}) is percent-encoded as URIs require. */
  static String url(HostRecord r) {
    return r.hostKey().replace("%", "%25") + "/";
  }

  /** Critical and high risks are errors, medium a warning, the rest notes. */
  static String level(Risk risk) {
    if (risk == null) {
      return "warning";
    }
    return switch (risk) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, NONE -> "note";
    };
  }

  static String level(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, UNKNOWN -> "note";
    };
  }

  private static Severity severity(String id) {
    for (Severity s : Severity.values()) {
      if (id != null && s.id().equalsIgnoreCase(id.strip())) {
        return s;
      }
    }
    return Severity.UNKNOWN;
  }

  /** The CVSS score when there is one, else the middle of the severity's band. */
  private static String securitySeverity(Advisory a) {
    if (a.cvss().isPresent()) {
      return String.format(Locale.ROOT, "%.1f", a.cvss().get().score());
    }
    return switch (a.severity()) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "2.0";
      case UNKNOWN -> "5.0";
    };
  }

  /** {@code Ollama 0.6.0}, {@code Ollama (version hidden, >=0.1.34 <0.1.38)} or {@code Ollama}. */
  private static String ollama(HostRecord r) {
    if (r.version() != null) {
      return "Ollama " + r.version();
    }
    if (r.versionRange() != null) {
      return "Ollama (version hidden, " + r.versionRange() + ")";
    }
    return "Ollama";
  }
}
