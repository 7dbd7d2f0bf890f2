package dev.corral.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ModelEntry;
import dev.corral.store.RecordFilter;
import dev.corral.store.ScanInfo;
import dev.corral.store.Store;
import dev.corral.store.diff.HostChange;
import dev.corral.store.diff.ScanDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What changed between two stored scans, as Markdown or JSON: Ollama servers that are new, gone, or
 * changed (exposed, auth, version, models, risk, ...), and how many became exposed or stopped being
 * exposed. The comparison itself is {@link ScanDiff}'s.
 */
public final class DiffReport {
  private final ScanDiff diff;
  private final ScanInfo older;
  private final ScanInfo newer;

  private DiffReport(ScanDiff diff, ScanInfo older, ScanInfo newer) {
    this.diff = Objects.requireNonNull(diff, "diff");
    this.older = older;
    this.newer = newer;
  }

  /**
   * The two newest scans of the store.
   *
   * @throws ReportException when it holds fewer than two
   */
  public static DiffReport latest(Store store) {
    List<ScanInfo> latest = store.latestScans(2);
    if (latest.size() < 2) {
      throw new ReportException(
          "a diff compares two scans, and "
              + store.location()
              + " holds "
              + (latest.isEmpty() ? "none" : "only one")
              + " yet");
    }
    return between(store, latest.get(1).id(), latest.get(0).id());
  }

  /**
   * Scan {@code olderId} against scan {@code newerId} (Ollama and exposed hosts).
   *
   * @throws ReportException when a scan does not exist or both ids are the same
   */
  public static DiffReport between(Store store, long olderId, long newerId) {
    if (olderId == newerId) {
      throw new ReportException(
          "a diff compares two different scans, not scan " + olderId + " with itself");
    }
    ScanInfo older = find(store, olderId);
    ScanInfo newer = find(store, newerId);
    return new DiffReport(
        ScanDiff.between(store, olderId, newerId, RecordFilter.OLLAMA_OR_EXPOSED), older, newer);
  }

  /** A diff computed elsewhere; the report then names the scans by id only. */
  public static DiffReport of(ScanDiff diff) {
    return new DiffReport(diff, null, null);
  }

  /** Writes {@code diff} as Markdown or JSON with the default options. */
  public static void write(ScanDiff diff, ReportFormat format, Writer out) {
    of(diff).write(format, out);
  }

  private static ScanInfo find(Store store, long id) {
    return store
        .scan(id)
        .orElseThrow(() -> new ReportException("no scan " + id + " in " + store.location()));
  }

  public ScanDiff diff() {
    return diff;
  }

  /** New exposed hosts, and hosts that were there but became exposed. */
  public long newlyExposed() {
    long n = diff.added().stream().filter(c -> c.after().exposed()).count();
    return n
        + diff.changed().stream().filter(c -> !c.before().exposed() && c.after().exposed()).count();
  }

  /** Exposed hosts that are gone, and hosts still there but no longer exposed (fenced in). */
  public long noLongerExposed() {
    long n = diff.gone().stream().filter(c -> c.before().exposed()).count();
    return n
        + diff.changed().stream().filter(c -> c.before().exposed() && !c.after().exposed()).count();
  }

  /** Writes Markdown or JSON with the default options. {@code out} is flushed, not closed. */
  public void write(ReportFormat format, Writer out) {
    write(ReportOptions.defaults().withFormat(format), out);
  }

  /**
   * Writes Markdown (at most {@link ReportOptions#maxRows()} hosts per section) or JSON (every
   * host). {@code out} is flushed, not closed.
   *
   * @throws ReportException for csv and sarif
   */
  public void write(ReportOptions options, Writer out) {
    try {
      switch (options.format()) {
        case MD -> markdown(options.maxRows(), out);
        case JSON -> json(out);
        case CSV, SARIF ->
            throw new ReportException(
                "a diff is written as md or json, not " + options.format().id());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void markdown(int maxRows, Writer out) throws IOException {
    StringBuilder md = new StringBuilder(4096);
    md.append("# Changes from scan ")
        .append(diff.olderScanId())
        .append(" to scan ")
        .append(diff.newerScanId())
        .append("\n\n");
    if (older != null && newer != null) {
      md.append(scanLine(older)).append("  \n").append(scanLine(newer)).append("\n\n");
    }
    md.append("**")
        .append(Md.count(diff.added().size()))
        .append(" new, ")
        .append(Md.count(diff.gone().size()))
        .append(" gone, ")
        .append(Md.count(diff.changed().size()))
        .append(" changed")
        .append("** Ollama servers")
        .append(diff.scope() == RecordFilter.ALL ? " and other hosts" : "")
        .append(". Newly exposed: ")
        .append(Md.count(newlyExposed()))
        .append("; no longer exposed: ")
        .append(Md.count(noLongerExposed()))
        .append(".\n\n");
    if (diff.isEmpty()) {
      md.append("Nothing changed.\n");
    }
    hostSection(md, "New", diff.added(), true, maxRows);
    hostSection(md, "Gone", diff.gone(), false, maxRows);
    if (!diff.changed().isEmpty()) {
      md.append("## Changed (").append(Md.count(diff.changed().size())).append(")\n\n");
      List<List<String>> rows = new ArrayList<>();
      for (HostChange c : limit(diff.changed(), maxRows)) {
        List<String> lines = new ArrayList<>();
        for (String change : c.changes()) {
          lines.add(Md.code(change));
        }
        rows.add(List.of(Md.code(c.hostKey()), String.join("<br>", lines)));
      }
      Md.table(md, List.of("Host", "What changed"), rows);
      more(md, diff.changed().size(), maxRows);
    }
    out.write(md.toString());
    out.flush();
  }

  private static String scanLine(ScanInfo scan) {
    return "Scan "
        + scan.id()
        + ": started "
        + Md.minute(scan.startedAt())
        + ", "
        + scan.status().id()
        + ", "
        + Md.count(scan.exposed())
        + " exposed of "
        + Md.count(scan.ollama())
        + " Ollama servers.";
  }

  private static void hostSection(
      StringBuilder md, String title, List<HostChange> changes, boolean after, int maxRows) {
    if (changes.isEmpty()) {
      return;
    }
    md.append("## ").append(title).append(" (").append(Md.count(changes.size())).append(")\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (HostChange c : limit(changes, maxRows)) {
      HostRecord r = after ? c.after() : c.before();
      rows.add(
          List.of(
              Md.code(c.hostKey()),
              r.exposed() ? "yes" : "no",
              Md.code(r.version() != null ? r.version() : r.versionRange()),
              r.risk() == null ? "—" : r.risk().id(),
              Md.code(r.country()),
              Md.count(r.models().size())));
    }
    Md.table(md, List.of("Host", "Exposed", "Version", "Risk", "Country", "Models>"), rows);
    more(md, changes.size(), maxRows);
  }

  private static List<HostChange> limit(List<HostChange> changes, int maxRows) {
    return changes.size() <= maxRows ? changes : changes.subList(0, maxRows);
  }

  private static void more(StringBuilder md, int size, int maxRows) {
    if (size > maxRows) {
      md.append("… and ")
          .append(Md.count(size - maxRows))
          .append(" more (`--format json` lists them all).\n\n");
    }
  }

  private void json(Writer out) throws IOException {
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      scan(g, "older", diff.olderScanId(), older);
      scan(g, "newer", diff.newerScanId(), newer);
      g.writeStringField("scope", diff.scope().name().toLowerCase(Locale.ROOT));
      g.writeObjectFieldStart("counts");
      g.writeNumberField("new", diff.added().size());
      g.writeNumberField("gone", diff.gone().size());
      g.writeNumberField("changed", diff.changed().size());
      g.writeNumberField("newly_exposed", newlyExposed());
      g.writeNumberField("no_longer_exposed", noLongerExposed());
      g.writeEndObject();
      g.writeArrayFieldStart("new");
      for (HostChange c : diff.added()) {
        host(g, c.hostKey(), c.after());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("gone");
      for (HostChange c : diff.gone()) {
        host(g, c.hostKey(), c.before());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("changed");
      for (HostChange c : diff.changed()) {
        g.writeStartObject();
        g.writeStringField("host", c.hostKey());
        g.writeArrayFieldStart("changes");
        for (String change : c.changes()) {
          g.writeString(change);
        }
        g.writeEndArray();
        g.writeFieldName("before");
        hostFields(g, c.before());
        g.writeFieldName("after");
        hostFields(g, c.after());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  private static void scan(JsonGenerator g, String field, long id, ScanInfo info)
      throws IOException {
    g.writeFieldName(field);
    if (info != null) {
      SummaryJson.scan(g, info);
    } else {
      g.writeStartObject();
      g.writeNumberField("id", id);
      g.writeEndObject();
    }
  }

  private static void host(JsonGenerator g, String key, HostRecord r) throws IOException {
    g.writeStartObject();
    g.writeStringField("host", key);
    fields(g, r);
    g.writeEndObject();
  }

  private static void hostFields(JsonGenerator g, HostRecord r) throws IOException {
    g.writeStartObject();
    fields(g, r);
    g.writeEndObject();
  }

  /** The fields a diff compares, plus where the host is. */
  private static void fields(JsonGenerator g, HostRecord r) throws IOException {
    Json.stringOrNull(g, "state", r.state() == null ? null : r.state().id());
    Json.stringOrNull(g, "product", r.product());
    g.writeBooleanField("ollama", r.ollama());
    g.writeBooleanField("exposed", r.exposed());
    Json.stringOrNull(g, "auth", r.auth() == null ? null : r.auth().id());
    Json.stringOrNull(g, "version", r.version());
    Json.stringOrNull(g, "version_range", r.versionRange());
    Json.stringOrNull(g, "risk", r.risk() == null ? null : r.risk().id());
    Json.stringOrNull(g, "country", r.country());
    if (r.asn() == null) {
      g.writeNullField("asn");
    } else {
      g.writeNumberField("asn", r.asn());
    }
    g.writeArrayFieldStart("models");
    for (ModelEntry m : r.models()) {
      if (m != null && m.name() != null) {
        g.writeString(m.name());
      }
    }
    g.writeEndArray();
    Json.instant(g, "scanned_at", r.scannedAt());
  }
}
