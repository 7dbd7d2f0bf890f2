package dev.corral.scan.record;

import dev.corral.core.gojson.GoObject;
import dev.corral.core.scan.AuthStatus;
import dev.corral.core.scan.CveEntry;
import dev.corral.core.scan.Evidence;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ModelEntry;
import dev.corral.core.scan.Risk;
import dev.corral.core.scan.ScanState;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.core.vuln.AdvisoryMatch;
import dev.corral.core.vuln.Component;
import dev.corral.core.vuln.Severity;
import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.fingerprint.Classifier;
import dev.corral.scan.fingerprint.Identity;
import dev.corral.scan.fingerprint.Observations;
import dev.corral.scan.fingerprint.Probes;
import dev.corral.scan.http.ProbeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Turns what a check learnt into the published host record. */
public final class RecordBuilder {
  private final AdvisoryDatabase advisories;
  private final Enrichment enrichment;

  /** Advisories per version or range: a scan meets few distinct ones, millions of times. */
  private final ConcurrentHashMap<String, List<CveEntry>> cveCache = new ConcurrentHashMap<>();

  public RecordBuilder(AdvisoryDatabase advisories, Enrichment enrichment) {
    this.advisories = advisories;
    this.enrichment = enrichment;
  }

  public HostRecord build(ScanTarget target, HostFacts facts, Instant when) {
    Observations o = facts.observations();
    Identity id = facts.identity();
    boolean ollama = id != null && id.ollama();
    AuthStatus auth = id == null ? AuthStatus.UNKNOWN : id.auth();
    boolean exposed = ollama && auth == AuthStatus.NONE;

    String version =
        ollama ? o.get(Probes.VERSION).flatMap(Classifier::exactVersion).orElse(null) : null;
    VersionRange range = null;
    boolean sourceBuild = "0.0.0".equals(version);
    if (ollama && (version == null || sourceBuild)) {
      range = facts.inferredRange();
    }
    List<CveEntry> cves = ollama ? cves(sourceBuild ? null : version, range) : List.of();
    List<ModelEntry> models = exposed ? models(o) : List.of();
    List<String> running = exposed ? running(o) : List.of();
    Boolean openai = ollama ? openaiCompatible(o, version, range) : null;
    Boolean corsAny = ollama ? corsAnyOrigin(o) : null;
    Risk risk = risk(id, exposed, cves);
    Enrichment.Place place = merge(target.hint(), enrichment.locate(target.address().getAddress()));
    return new HostRecord(
        target.label(),
        target.address().getAddress().getHostAddress(),
        target.address().getPort(),
        target.scheme(),
        facts.state(),
        id == null ? null : id.product(),
        ollama,
        id == null ? 0 : round(id.confidence()),
        version,
        range == null ? null : range.toString(),
        auth,
        exposed,
        models,
        running,
        openai,
        corsAny,
        cves,
        risk,
        place.country(),
        place.asn(),
        place.org(),
        evidence(o),
        when);
  }

  /** What the source said wins; the database fills in what it did not say. */
  private static Enrichment.Place merge(Enrichment.Place hint, Enrichment.Place found) {
    if (hint == null) {
      return found;
    }
    return new Enrichment.Place(
        hint.country() != null ? hint.country() : found.country(),
        hint.asn() != null ? hint.asn() : found.asn(),
        hint.org() != null ? hint.org() : found.org());
  }

  private static double round(double confidence) {
    return Math.round(confidence * 100) / 100.0;
  }

  private List<CveEntry> cves(String version, VersionRange range) {
    String key = version != null ? "=" + version : range == null ? "*" : range.toString();
    if (cveCache.size() > 10_000) {
      cveCache.clear(); // hostile servers can report endless distinct versions
    }
    return cveCache.computeIfAbsent(key, k -> computeCves(version, range));
  }

  private List<CveEntry> computeCves(String version, VersionRange range) {
    List<AdvisoryMatch> matches;
    if (version != null) {
      try {
        matches = advisories.affecting(OllamaVersion.parse(version));
      } catch (IllegalArgumentException e) {
        matches = advisories.affecting(VersionRange.any());
      }
    } else {
      matches = advisories.affecting(range == null ? VersionRange.any() : range);
    }
    List<CveEntry> out = new ArrayList<>();
    for (AdvisoryMatch m : matches) {
      if (m.advisory().component() != Component.SERVER) {
        continue; // desktop-app updater flaws are not reachable over the API
      }
      out.add(
          new CveEntry(
              m.advisory().id(),
              m.certainty().name().toLowerCase(Locale.ROOT),
              m.advisory().severity().name().toLowerCase(Locale.ROOT)));
    }
    return List.copyOf(out);
  }

  /**
   * Exposed Ollama: the worst severity among advisories that certainly apply (at least HIGH:
   * unauthenticated model management is itself CVE-2025-63389). Ollama behind authentication: LOW.
   * An open look-alike LLM API: MEDIUM. Anything else: NONE.
   */
  static Risk risk(Identity id, boolean exposed, List<CveEntry> cves) {
    if (id == null) {
      return Risk.NONE;
    }
    if (exposed) {
      Risk worst = Risk.HIGH;
      for (CveEntry cve : cves) {
        if (cve.certainty().equals("certain")
            && cve.severity().equals(Severity.CRITICAL.name().toLowerCase(Locale.ROOT))) {
          worst = Risk.CRITICAL;
        }
      }
      return worst;
    }
    if (id.ollama()) {
      return Risk.LOW;
    }
    if (id.product() != null
        && !List.of("http", "honeypot").contains(id.product())
        && id.auth() != AuthStatus.REQUIRED) {
      return Risk.MEDIUM;
    }
    return Risk.NONE;
  }

  /** Names of the models {@code /api/tags} listed, in its order. */
  public static List<String> modelNames(Observations o) {
    return tagEntries(o).stream().map(m -> m.string("name")).filter(n -> !n.isEmpty()).toList();
  }

  private static List<GoObject> tagEntries(Observations o) {
    Optional<GoObject> body =
        o.get(Probes.TAGS).filter(r -> r.status() == 200).flatMap(RecordBuilder::json);
    List<GoObject> entries = new ArrayList<>();
    body.ifPresent(
        b ->
            b.array("models")
                .forEach(
                    m -> {
                      if (m instanceof GoObject g) {
                        entries.add(g);
                      }
                    }));
    return entries;
  }

  private static List<ModelEntry> models(Observations o) {
    List<ModelEntry> models = new ArrayList<>();
    for (GoObject m : tagEntries(o)) {
      GoObject details = m.object("details").orElse(GoObject.of(java.util.Map.of()));
      Long size =
          m.field("size")
              .filter(dev.corral.core.gojson.GoNumber.class::isInstance)
              .map(n -> ((dev.corral.core.gojson.GoNumber) n).decimal().longValue())
              .orElse(null);
      List<String> caps = strings(m.array("capabilities"));
      List<String> capabilities = !caps.isEmpty() ? caps : showCapabilities(o, m.string("name"));
      models.add(
          new ModelEntry(
              m.string("name"),
              emptyToNull(details.string("family")),
              emptyToNull(details.string("parameter_size")),
              emptyToNull(details.string("quantization_level")),
              size,
              capabilities.isEmpty() ? null : capabilities));
    }
    return models;
  }

  private static List<String> showCapabilities(Observations o, String model) {
    for (ProbeResult r : o.all()) {
      if (r.request().method().equals("POST")
          && r.request().path().equals("/api/show")
          && r.request().body().contains("\"" + model + "\"")
          && r.status() == 200) {
        return json(r)
            .map(
                b ->
                    b.array("capabilities").stream()
                        .filter(String.class::isInstance)
                        .map(String.class::cast)
                        .toList())
            .orElse(List.of());
      }
    }
    return List.of();
  }

  private static List<String> running(Observations o) {
    Optional<GoObject> body =
        o.get(Probes.PS).filter(r -> r.status() == 200).flatMap(RecordBuilder::json);
    if (body.isEmpty()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (Object m : body.get().array("models")) {
      if (m instanceof GoObject model) {
        names.add(model.string("name"));
      }
    }
    return names;
  }

  private static List<String> strings(List<Object> values) {
    List<String> out = new ArrayList<>(values.size());
    for (Object v : values) {
      if (v instanceof String s) {
        out.add(s);
      }
    }
    return out;
  }

  private static Boolean openaiCompatible(Observations o, String version, VersionRange range) {
    Optional<ProbeResult> v1 = o.get(Probes.V1_MODELS);
    if (v1.isPresent()
        && v1.get().status() == 200
        && v1.get().text().contains("\"object\":\"list\"")) {
      return true;
    }
    // Before 0.2.0 only POST /v1/chat/completions existed (from 0.1.24).
    OllamaVersion first = OllamaVersion.parse("0.1.24");
    if (version != null) {
      try {
        return OllamaVersion.parse(version).isAtLeast(first)
            && !OllamaVersion.parse(version).isUnknown();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    if (range != null && VersionRange.atLeast(first).encloses(range)) {
      return true;
    }
    return (v1.isPresent() && v1.get().status() == 404) ? Boolean.FALSE : null;
  }

  private static Boolean corsAnyOrigin(Observations o) {
    Optional<ProbeResult> cors = o.get(Probes.CORS_FOREIGN);
    if (cors.isEmpty() || !cors.get().answered()) {
      return null;
    }
    String allowed = cors.get().response().header("Access-Control-Allow-Origin");
    return "*".equals(allowed) || Probes.FOREIGN_ORIGIN.equals(allowed);
  }

  private static List<Evidence> evidence(Observations o) {
    List<Evidence> list = new ArrayList<>();
    for (ProbeResult r : o.all()) {
      String snippet;
      if (r.answered()) {
        String server = r.response().header("Server");
        String text =
            r.response().start(4 * Evidence.MAX_SNIPPET).replace("\r", "").replace("\n", "\\n");
        snippet = (server == null ? "" : "[Server: " + server + "] ") + text;
      } else {
        snippet = "(" + r.failure() + ")";
      }
      list.add(new Evidence(r.request().label(), r.status(), snippet));
    }
    for (String note : o.notes()) {
      list.add(new Evidence("note", 0, note));
    }
    return list;
  }

  private static Optional<GoObject> json(ProbeResult r) {
    return r.answered() ? r.response().json() : Optional.empty();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** A record for a target that was not contacted (closed, or passive input). */
  public HostRecord unreached(ScanTarget target, ScanState state, Instant when) {
    return build(target, new HostFacts(state, null, new Observations(), null, false), when);
  }
}
