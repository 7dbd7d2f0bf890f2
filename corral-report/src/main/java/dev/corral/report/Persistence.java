package dev.corral.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.corral.core.scan.HostRecord;
import dev.corral.store.RecordFilter;
import dev.corral.store.ScanInfo;
import dev.corral.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Persistent and transient exposed servers across several scans, the way SentinelLABS split its
 * 175,108 hosts: "seen more than 100 times: 13 % of hosts but 76 % of observations; seen once: 36 %
 * of hosts, under 1 % of observations". A host is an exposed server ({@link HostRecord#hostKey()}:
 * scheme, address, port); an observation is one scan in which it was exposed.
 *
 * <p>Scans are read one after another; the only memory kept is a hashed count per distinct host
 * (about 24 bytes each). A scan still running or interrupted counts as it is, so the hosts it did
 * not reach look transient.
 *
 * @param scans the scans compared, oldest first
 * @param hosts distinct exposed servers seen in any of them
 * @param observations (host, scan) pairs in which the host was exposed
 * @param rows one per number of scans a host was seen in, from every scan down to one
 */
public record Persistence(List<ScanInfo> scans, long hosts, long observations, List<Seen> rows) {

  /**
   * Hosts seen in exactly {@code scans} of the scans compared.
   *
   * @param scans how many scans
   * @param hosts how many hosts
   * @param hostsPercent of all hosts
   * @param observations {@code scans × hosts}
   * @param observationsPercent of all observations
   */
  public record Seen(
      int scans,
      long hosts,
      BigDecimal hostsPercent,
      long observations,
      BigDecimal observationsPercent) {}

  public Persistence {
    scans = List.copyOf(scans);
    rows = List.copyOf(rows);
  }

  /**
   * The last {@code n} scans of the store (fewer if it holds fewer).
   *
   * @throws ReportException when {@code n} is below 2 or the store holds fewer than two scans
   */
  public static Persistence lastScans(Store store, int n) {
    if (n < 2) {
      throw new ReportException("--history needs at least 2 scans to compare, not " + n);
    }
    List<ScanInfo> latest = store.latestScans(n);
    if (latest.size() < 2) {
      throw new ReportException(
          "persistence compares scans, and "
              + store.location()
              + " holds "
              + (latest.isEmpty() ? "none" : "only one")
              + " yet");
    }
    return across(store, latest);
  }

  /** These scans (any order; each once). */
  public static Persistence across(Store store, List<ScanInfo> scans) {
    List<ScanInfo> sorted = new ArrayList<>(scans);
    sorted.sort(Comparator.comparingLong(ScanInfo::id));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).id() == sorted.get(i - 1).id()) {
        throw new ReportException("scan " + sorted.get(i).id() + " is listed twice");
      }
    }
    HostCounts counts = new HostCounts();
    for (ScanInfo scan : sorted) {
      countExposed(store, scan.id(), counts);
    }
    int n = sorted.size();
    long[] histogram = counts.histogram(n);
    long hosts = counts.size();
    long observations = 0;
    for (int k = 1; k <= n; k++) {
      observations += k * histogram[k];
    }
    List<Seen> rows = new ArrayList<>();
    for (int k = n; k >= 1; k--) {
      long obs = k * histogram[k];
      rows.add(
          new Seen(
              k,
              histogram[k],
              Percent.of(histogram[k], hosts),
              obs,
              Percent.of(obs, observations)));
    }
    return new Persistence(sorted, hosts, observations, rows);
  }

  /** One sighting per exposed host of the scan; of repeated records of a host, the last counts. */
  private static void countExposed(Store store, long scanId, HostCounts counts) {
    try (Stream<HostRecord> records = store.records(scanId, RecordFilter.OLLAMA_OR_EXPOSED)) {
      String key = null;
      boolean exposed = false;
      Iterator<HostRecord> it = records.iterator();
      while (it.hasNext()) {
        HostRecord r = it.next();
        String next = r.hostKey();
        if (key != null && !key.equals(next) && exposed) {
          counts.increment(key);
        }
        key = next;
        exposed = r.exposed();
      }
      if (key != null && exposed) {
        counts.increment(key);
      }
    }
  }

  /** Hosts exposed in every scan compared. */
  public long persistent() {
    return rows.isEmpty() ? 0 : rows.get(0).hosts();
  }

  /** Hosts exposed in only one of the scans. */
  public long seenOnce() {
    return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).hosts();
  }

  /**
   * Writes the table as Markdown or JSON. {@code out} is flushed, not closed.
   *
   * @throws ReportException for csv and sarif
   */
  public void write(ReportFormat format, Writer out) {
    Objects.requireNonNull(format, "format");
    try {
      switch (format) {
        case MD -> markdown(out);
        case JSON -> json(out);
        case CSV, SARIF ->
            throw new ReportException(
                "the persistence table is written as md or json, not " + format.id());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #write(ReportFormat, Writer)} with the options' format. */
  public void write(ReportOptions options, Writer out) {
    write(options.format(), out);
  }

  private void markdown(Writer out) throws IOException {
    int n = scans.size();
    StringBuilder md = new StringBuilder(1024);
    md.append("# Persistent and transient exposed Ollama servers\n\n");
    md.append("Across the last ")
        .append(n)
        .append(" scans (")
        .append(scanList())
        .append("), from ")
        .append(Md.minute(scans.get(0).startedAt()))
        .append(" to ")
        .append(Md.minute(scans.get(n - 1).startedAt()))
        .append(".\n\n");
    md.append("**")
        .append(Md.count(hosts))
        .append(hosts == 1 ? " exposed server" : " exposed servers")
        .append(", ")
        .append(Md.count(observations))
        .append(observations == 1 ? " observation" : " observations")
        .append(": ")
        .append(Md.count(persistent()))
        .append(" in every scan, ")
        .append(Md.count(seenOnce()))
        .append(" in only one.**\n\n");
    List<List<String>> table = new ArrayList<>();
    for (Seen row : rows) {
      String label =
          row.scans()
              + " of "
              + n
              + (row.scans() == n ? " (every scan)" : row.scans() == 1 ? " (once)" : "");
      table.add(
          List.of(
              label,
              Md.count(row.hosts()),
              Md.percent(row.hostsPercent()),
              Md.count(row.observations()),
              Md.percent(row.observationsPercent())));
    }
    Md.table(
        md,
        List.of("Seen in", "Hosts>", "% of hosts>", "Observations>", "% of observations>"),
        table);
    out.write(md.toString());
    out.flush();
  }

  private String scanList() {
    List<String> ids = new ArrayList<>();
    for (ScanInfo s : scans) {
      ids.add(Long.toString(s.id()));
    }
    return "ids " + String.join(", ", ids);
  }

  private void json(Writer out) throws IOException {
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("scans");
      for (ScanInfo scan : scans) {
        SummaryJson.scan(g, scan);
      }
      g.writeEndArray();
      g.writeNumberField("hosts", hosts);
      g.writeNumberField("observations", observations);
      g.writeNumberField("persistent", persistent());
      g.writeNumberField("seen_once", seenOnce());
      g.writeArrayFieldStart("seen_in");
      for (Seen row : rows) {
        g.writeStartObject();
        g.writeNumberField("scans", row.scans());
        g.writeNumberField("hosts", row.hosts());
        g.writeNumberField("hosts_percent", row.hostsPercent());
        g.writeNumberField("observations", row.observations());
        g.writeNumberField("observations_percent", row.observationsPercent());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }
}
