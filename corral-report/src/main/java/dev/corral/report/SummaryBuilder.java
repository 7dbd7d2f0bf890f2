package dev.corral.report;

import dev.corral.core.scan.AuthStatus;
import dev.corral.core.scan.CveEntry;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ModelEntry;
import dev.corral.core.scan.Risk;
import dev.corral.core.scan.ScanState;
import dev.corral.core.vuln.Advisory;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.core.vuln.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Counts host records into a {@link Summary}, one record at a time. It keeps counters per distinct
 * value (country, version, model name, advisory) and nothing of the records themselves, so a scan
 * of millions of hosts is summarised in the memory its distinct values need.
 *
 * <p>Not thread-safe: feed it from one thread (a sequential stream).
 */
public final class SummaryBuilder implements Consumer<HostRecord> {
  private static final String CERTAIN = "certain";

  private final int top;
  private final AdvisoryDatabase advisories;

  private long records;
  private long totalOpen;
  private long ollama;
  private long exposed;
  private long withModels;
  private long authRequired;
  private long running;
  private long openaiCompatible;
  private long corsAnyOrigin;
  private long withCapabilities;
  private long unknownVersion;
  private Instant first;
  private Instant last;

  private final Tally products = new Tally();
  private final Tally risk = new Tally();
  private final Tally countries = new Tally();
  private final Tally versions = new Tally();
  private final Tally ranges = new Tally();
  private final Tally models = new Tally();
  private final Tally families = new Tally();
  private final Tally quantizations = new Tally();
  private final Tally quantizationBits = new Tally();
  private final Tally capabilities = new Tally();
  private final Map<String, AdvisoryTally> cves = new HashMap<>();

  /**
   * @param top how many model names and families the summary keeps (all are counted)
   * @param advisories where advisory titles come from
   */
  public SummaryBuilder(int top, AdvisoryDatabase advisories) {
    if (top < 1) {
      throw new IllegalArgumentException("top must be at least 1, not " + top);
    }
    this.top = top;
    this.advisories = Objects.requireNonNull(advisories, "advisories");
  }

  /** A builder keeping {@link ReportOptions#DEFAULT_TOP} models, with the built-in advisories. */
  public SummaryBuilder() {
    this(ReportOptions.DEFAULT_TOP, AdvisoryDatabase.builtin());
  }

  @Override
  public void accept(HostRecord r) {
    records++;
    if (r.state() == ScanState.OPEN) {
      totalOpen++;
    }
    if (r.ollama()) {
      ollama++;
      if (r.auth() == AuthStatus.REQUIRED) {
        authRequired++;
      }
    }
    if (present(r.product())) {
      products.add(r.product().strip());
    }
    if (r.risk() != null) {
      risk.add(r.risk().id());
    }
    if (r.scannedAt() != null) {
      first = first == null || r.scannedAt().isBefore(first) ? r.scannedAt() : first;
      last = last == null || r.scannedAt().isAfter(last) ? r.scannedAt() : last;
    }
    if (r.exposed()) {
      countExposed(r);
    }
  }

  private void countExposed(HostRecord r) {
    exposed++;
    if (!r.running().isEmpty()) {
      running++;
    }
    if (Boolean.TRUE.equals(r.openaiCompatible())) {
      openaiCompatible++;
    }
    if (Boolean.TRUE.equals(r.corsAnyOrigin())) {
      corsAnyOrigin++;
    }
    countries.add(country(r.country()));
    if (present(r.version())) {
      versions.add(r.version().strip());
    } else if (present(r.versionRange())) {
      ranges.add(r.versionRange().strip());
    } else {
      unknownVersion++;
    }
    countAdvisories(r.cves());
    if (!r.models().isEmpty()) {
      withModels++;
      countModels(r.models());
    }
  }

  /** Each host once per advisory, certain if any of its entries for that advisory is. */
  private void countAdvisories(List<CveEntry> entries) {
    Map<String, CveEntry> byId = new HashMap<>();
    for (CveEntry cve : entries) {
      if (cve == null || !present(cve.id())) {
        continue;
      }
      byId.merge(cve.id().strip(), cve, (a, b) -> CERTAIN.equals(a.certainty()) ? a : b);
    }
    for (Map.Entry<String, CveEntry> e : byId.entrySet()) {
      cves.computeIfAbsent(e.getKey(), id -> new AdvisoryTally()).add(e.getValue());
    }
  }

  /** Each host once per model name, family, quantization, width and capability. */
  private void countModels(List<ModelEntry> entries) {
    Set<String> names = new HashSet<>();
    Set<String> familyNames = new HashSet<>();
    Set<String> quants = new HashSet<>();
    Set<String> widths = new HashSet<>();
    Set<String> caps = new HashSet<>();
    boolean capabilityData = false;
    for (ModelEntry m : entries) {
      if (m == null) {
        continue;
      }
      addIfPresent(names, m.name());
      addIfPresent(familyNames, m.family());
      if (present(m.quantization())) {
        quants.add(m.quantization().strip());
        widths.add(QuantizationWidth.of(m.quantization()));
      }
      if (m.capabilities() != null) {
        capabilityData = true;
        for (String capability : m.capabilities()) {
          addIfPresent(caps, capability);
        }
      }
    }
    names.forEach(models::add);
    familyNames.forEach(families::add);
    quants.forEach(quantizations::add);
    widths.forEach(quantizationBits::add);
    if (capabilityData) {
      withCapabilities++;
      caps.forEach(capabilities::add);
    }
  }

  /** The summary of everything accepted so far. */
  public Summary build(SourceInfo source, InputProblems input) {
    List<String> riskOrder = Arrays.stream(Risk.values()).map(Risk::id).toList();
    return new Summary(
        source,
        records,
        totalOpen,
        ollama,
        exposed,
        withModels,
        authRequired,
        share(running, exposed),
        share(openaiCompatible, exposed),
        share(corsAnyOrigin, exposed),
        products.rows(products.total(), Integer.MAX_VALUE, null),
        risk.rowsInOrder(records, riskOrder),
        countries.rows(exposed, Integer.MAX_VALUE, Summary.UNKNOWN),
        versionRows(),
        advisoryRows(),
        models.distinct(),
        models.rows(withModels, top, null),
        families.distinct(),
        families.rows(withModels, top, null),
        quantizations.rows(withModels, Integer.MAX_VALUE, null),
        widthRows(),
        withCapabilities,
        capabilities.rows(withCapabilities, Integer.MAX_VALUE, null),
        first,
        last,
        input);
  }

  private static Summary.Share share(long part, long whole) {
    return new Summary.Share(part, Percent.of(part, whole));
  }

  /** Widths by hosts, ties narrowest first, "other" last. */
  private List<Summary.Row> widthRows() {
    List<Summary.Row> rows =
        new ArrayList<>(
            quantizationBits.rows(withModels, Integer.MAX_VALUE, QuantizationWidth.OTHER));
    rows.sort(
        Comparator.comparing((Summary.Row row) -> row.value().equals(QuantizationWidth.OTHER))
            .thenComparing(Comparator.comparingLong(Summary.Row::hosts).reversed())
            .thenComparingInt(row -> QuantizationWidth.bits(row.value())));
    return rows;
  }

  /** Exact versions and inferred ranges ranked together by hosts; unknown last. */
  private List<Summary.VersionRow> versionRows() {
    List<Summary.VersionRow> rows = new ArrayList<>();
    for (Summary.Row row : versions.rows(exposed, Integer.MAX_VALUE, null)) {
      rows.add(
          new Summary.VersionRow(
              row.value(), Summary.VersionBasis.EXACT, row.hosts(), row.percent()));
    }
    for (Summary.Row row : ranges.rows(exposed, Integer.MAX_VALUE, null)) {
      rows.add(
          new Summary.VersionRow(
              row.value(), Summary.VersionBasis.RANGE, row.hosts(), row.percent()));
    }
    rows.sort(
        Comparator.comparingLong(Summary.VersionRow::hosts)
            .reversed()
            .thenComparing(Summary.VersionRow::basis)
            .thenComparing(Summary.VersionRow::version));
    if (unknownVersion > 0) {
      rows.add(
          new Summary.VersionRow(
              Summary.UNKNOWN,
              Summary.VersionBasis.UNKNOWN,
              unknownVersion,
              Percent.of(unknownVersion, exposed)));
    }
    return rows;
  }

  /** Most affected first, then the more severe, then by id. */
  private List<Summary.AdvisoryRow> advisoryRows() {
    List<Summary.AdvisoryRow> rows = new ArrayList<>();
    for (Map.Entry<String, AdvisoryTally> e : cves.entrySet()) {
      AdvisoryTally t = e.getValue();
      Advisory known = advisories.find(e.getKey()).orElse(null);
      Severity severity = t.severity != null ? t.severity : Severity.UNKNOWN;
      if (t.severity == null && known != null) {
        severity = known.severity();
      }
      long hosts = t.certain + t.possible;
      rows.add(
          new Summary.AdvisoryRow(
              e.getKey(),
              known == null ? null : known.title(),
              severity.id(),
              hosts,
              t.certain,
              t.possible,
              Percent.of(hosts, exposed)));
    }
    rows.sort(
        Comparator.comparingLong(Summary.AdvisoryRow::hosts)
            .reversed()
            .thenComparing(row -> severityOf(row.severity()))
            .thenComparing(Summary.AdvisoryRow::id));
    return rows;
  }

  private static String country(String code) {
    return present(code) ? code.strip().toUpperCase(Locale.ROOT) : Summary.UNKNOWN;
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static void addIfPresent(Set<String> set, String value) {
    if (present(value)) {
      set.add(value.strip());
    }
  }

  /** The severity named {@code id}; null for a missing or unrecognised one. */
  private static Severity severityOf(String id) {
    if (id != null) {
      for (Severity s : Severity.values()) {
        if (s.id().equalsIgnoreCase(id.strip())) {
          return s;
        }
      }
    }
    return null;
  }

  /** Hosts per certainty for one advisory, and the worst severity records gave it. */
  private static final class AdvisoryTally {
    long certain;
    long possible;
    Severity severity;

    void add(CveEntry entry) {
      if (CERTAIN.equals(entry.certainty())) {
        certain++;
      } else {
        possible++;
      }
      Severity s = severityOf(entry.severity());
      if (s != null && s != Severity.UNKNOWN && (severity == null || s.compareTo(severity) < 0)) {
        severity = s;
      }
    }
  }
}
