package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.core.scan.AuthStatus;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.Risk;
import dev.corral.store.Store;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reports of stored scans, whatever the database. Subclasses say which. */
abstract class StoreReportContract {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestStores stores;
  private Store store;

  abstract TestStores stores();

  @BeforeEach
  void open() {
    stores = stores();
    store = Store.open(stores.fresh());
  }

  @AfterEach
  void close() {
    store.close();
    stores.close();
  }

  private static String write(java.util.function.Consumer<StringWriter> w) {
    StringWriter out = new StringWriter();
    w.accept(out);
    return out.toString();
  }

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @Test
  void summaryOfTheLatestScanHasTheSameCountsAsTheRecords() throws Exception {
    TestStores.scan(store, List.of(Host.exposed("192.0.2.1").record()));
    long latest = TestStores.scan(store, Sample.records());
    Summary stored;
    try (RecordSource in = RecordSource.latestScan(store)) {
      stored = Report.summary(in, ReportOptions.defaults());
    }
    Summary streamed = Report.summary(Sample.records().stream());
    assertThat(stored.source().kind()).isEqualTo(SourceInfo.Kind.STORE);
    assertThat(stored.source().scan().id()).isEqualTo(latest);
    // Identical apart from where the records came from (the store reads them in host key order).
    Summary sameSource =
        new Summary(
            streamed.source(),
            stored.records(),
            stored.totalOpen(),
            stored.ollama(),
            stored.exposed(),
            stored.withModels(),
            stored.authRequired(),
            stored.running(),
            stored.openaiCompatible(),
            stored.corsAnyOrigin(),
            stored.products(),
            stored.risk(),
            stored.byCountry(),
            stored.byVersion(),
            stored.byCve(),
            stored.distinctModels(),
            stored.topModels(),
            stored.distinctFamilies(),
            stored.families(),
            stored.quantizations(),
            stored.quantizationBits(),
            stored.withCapabilities(),
            stored.capabilities(),
            stored.firstScannedAt(),
            stored.lastScannedAt(),
            stored.input());
    assertThat(sameSource).isEqualTo(streamed);

    JsonNode j = json(write(out -> ReportWriter.write(stored, ReportFormat.JSON, out)));
    assertThat(j.at("/source/kind").asText()).isEqualTo("store");
    assertThat(j.at("/source/scan/id").asLong()).isEqualTo(latest);
    assertThat(j.at("/source/scan/status").asText()).isEqualTo("finished");
    assertThat(j.at("/source/scan/exposed").asLong()).isEqualTo(8);
    assertThat(j.get("exposed").asLong()).isEqualTo(8);
    assertThat(j.get("total_open").asLong()).isEqualTo(11);

    String md = write(out -> ReportWriter.write(stored, ReportFormat.MD, out));
    assertThat(md).contains("Scan " + latest + " in `").contains("(finished)");
  }

  @Test
  void aChosenScanAndAMissingOne() {
    long first = TestStores.scan(store, List.of(Host.exposed("192.0.2.1").record()));
    TestStores.scan(store, Sample.records());
    try (RecordSource in = RecordSource.scan(store, first)) {
      assertThat(Report.summary(in, ReportOptions.defaults()).exposed()).isEqualTo(1);
    }
    assertThatThrownBy(() -> RecordSource.scan(store, 999))
        .isInstanceOf(ReportException.class)
        .hasMessage("no scan 999 in " + store.location());
  }

  @Test
  void anEmptyStoreHasNoLatestScan() {
    assertThatThrownBy(() -> RecordSource.latestScan(store))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("no scans in " + store.location() + " yet");
    assertThatThrownBy(() -> DiffReport.latest(store))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("holds none yet");
  }

  @Test
  void csvAndSarifStreamFromTheStore() throws Exception {
    TestStores.scan(store, Sample.records());
    StringWriter csv = new StringWriter();
    try (RecordSource in = RecordSource.latestScan(store)) {
      Report.write(in, ReportOptions.defaults().withFormat(ReportFormat.CSV), csv);
    }
    assertThat(CsvTest.parse(csv.toString())).hasSize(14);
    try (RecordSource in = RecordSource.latestScan(store)) {
      JsonNode log = SarifTest.sarif(in);
      assertThat(log.at("/runs/0/results")).hasSize(11);
      assertThat(log.at("/runs/0/properties/source").asText()).startsWith("scan ");
    }
  }

  // --- diff ---------------------------------------------------------------------------------

  private long[] twoScans() {
    HostRecord stays = Host.exposed("192.0.2.1").country("US").version("0.5.7").model("a").record();
    HostRecord upgraded =
        Host.exposed("192.0.2.1").country("US").version("0.6.0").model("a").model("b").record();
    HostRecord goes = Host.exposed("192.0.2.2").version("0.1.33").record();
    HostRecord fencedLater = Host.exposed("192.0.2.3").record();
    HostRecord fenced = Host.fenced("192.0.2.3").record();
    HostRecord opensLater = Host.fenced("192.0.2.4").record();
    HostRecord opened = Host.exposed("192.0.2.4").risk(Risk.CRITICAL).record();
    HostRecord arrives = Host.exposed("192.0.2.5").country("DE").version("0.6.0").record();
    HostRecord closedPort = Host.other("192.0.2.6", "http", Risk.NONE).record();
    long older = TestStores.scan(store, List.of(stays, goes, fencedLater, opensLater, closedPort));
    long newer = TestStores.scan(store, List.of(upgraded, fenced, opened, arrives, closedPort));
    return new long[] {older, newer};
  }

  @Test
  void diffCountsNewGoneChangedAndExposureMoves() throws Exception {
    long[] ids = twoScans();
    DiffReport diff = DiffReport.latest(store);
    assertThat(diff.diff().olderScanId()).isEqualTo(ids[0]);
    assertThat(diff.diff().newerScanId()).isEqualTo(ids[1]);
    JsonNode j = json(write(out -> diff.write(ReportFormat.JSON, out)));
    assertThat(j.get("counts").toString())
        .isEqualTo(
            "{\"new\":1,\"gone\":1,\"changed\":3,\"newly_exposed\":2,\"no_longer_exposed\":2}");
    assertThat(j.at("/older/id").asLong()).isEqualTo(ids[0]);
    assertThat(j.at("/newer/status").asText()).isEqualTo("finished");
    assertThat(j.at("/new/0/host").asText()).isEqualTo("http://192.0.2.5:11434");
    assertThat(j.at("/new/0/country").asText()).isEqualTo("DE");
    assertThat(j.at("/gone/0/host").asText()).isEqualTo("http://192.0.2.2:11434");
    assertThat(j.at("/gone/0/version").asText()).isEqualTo("0.1.33");
    JsonNode upgraded = j.at("/changed/0");
    assertThat(upgraded.get("host").asText()).isEqualTo("http://192.0.2.1:11434");
    assertThat(upgraded.get("changes").toString())
        .isEqualTo("[\"version: 0.5.7 -> 0.6.0\",\"model added: b\"]");
    assertThat(upgraded.at("/before/models").toString()).isEqualTo("[\"a\"]");
    assertThat(upgraded.at("/after/models").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(j.at("/changed/1/changes").toString())
        .contains("exposed: true -> false")
        .contains("auth: none -> required");
  }

  @Test
  void diffAsMarkdown() {
    long[] ids = twoScans();
    String md = write(out -> DiffReport.between(store, ids[0], ids[1]).write(ReportFormat.MD, out));
    assertThat(md)
        .startsWith("# Changes from scan " + ids[0] + " to scan " + ids[1] + "\n\n")
        .contains("Scan " + ids[0] + ": started ")
        .contains(
            "**1 new, 1 gone, 3 changed** Ollama servers. Newly exposed: 2; no longer exposed: 2.")
        .contains(
            """
            ## New (1)

            | Host | Exposed | Version | Risk | Country | Models |
            |---|---|---|---|---|---:|
            | `http://192.0.2.5:11434` | yes | `0.6.0` | high | `DE` | 0 |
            """)
        .contains("## Gone (1)")
        .contains("| `http://192.0.2.1:11434` | `version: 0.5.7 -> 0.6.0`<br>`model added: b` |");
  }

  @Test
  void diffListsAreCutInMarkdownOnly() throws Exception {
    long[] ids = twoScans();
    DiffReport diff = DiffReport.between(store, ids[0], ids[1]);
    String md =
        write(
            out ->
                diff.write(
                    ReportOptions.defaults().withFormat(ReportFormat.MD).withMaxRows(1), out));
    assertThat(md).contains("… and 2 more (`--format json` lists them all).");
    JsonNode j = json(write(out -> diff.write(ReportFormat.JSON, out)));
    assertThat(j.get("changed")).hasSize(3);
  }

  @Test
  void diffNeedsTwoDifferentExistingScans() {
    long only = TestStores.scan(store, Sample.records());
    assertThatThrownBy(() -> DiffReport.latest(store))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("holds only one yet");
    assertThatThrownBy(() -> DiffReport.between(store, only, only))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("two different scans");
    assertThatThrownBy(() -> DiffReport.between(store, only, 77))
        .isInstanceOf(ReportException.class)
        .hasMessage("no scan 77 in " + store.location());
    assertThatThrownBy(() -> DiffReport.latest(store).write(ReportFormat.CSV, new StringWriter()))
        .isInstanceOf(ReportException.class);
  }

  @Test
  void unchangedScansDiffToNothing() {
    TestStores.scan(store, Sample.records());
    TestStores.scan(store, Sample.records());
    DiffReport diff = DiffReport.latest(store);
    assertThat(diff.diff().isEmpty()).isTrue();
    assertThat(write(out -> diff.write(ReportFormat.MD, out)))
        .contains("**0 new, 0 gone, 0 changed**")
        .contains("Nothing changed.");
  }

  // --- persistence --------------------------------------------------------------------------

  @Test
  void persistentAndTransientHostsAcrossScans() throws Exception {
    HostRecord p = Host.exposed("192.0.2.10").record();
    HostRecord q = Host.exposed("192.0.2.11").record();
    HostRecord r = Host.exposed("192.0.2.12").record();
    HostRecord s = Host.exposed("192.0.2.13").record();
    HostRecord fenced = Host.fenced("192.0.2.14").record();
    HostRecord qFenced = Host.fenced("192.0.2.11").record();
    HostRecord notOllama = Host.other("192.0.2.15", "http", Risk.NONE).record();
    long first = TestStores.scan(store, List.of(p, p, q, r, fenced, notOllama));
    TestStores.scan(store, List.of(p, q, fenced));
    // q's last record in the third scan is fenced: it was not exposed there.
    TestStores.scan(store, List.of(p, q, qFenced, s, fenced));

    Persistence all = Persistence.lastScans(store, 10);
    assertThat(all.scans()).hasSize(3);
    assertThat(all.scans().get(0).id()).isEqualTo(first);
    assertThat(all.hosts()).isEqualTo(4);
    assertThat(all.observations()).isEqualTo(7);
    assertThat(all.persistent()).isEqualTo(1);
    assertThat(all.seenOnce()).isEqualTo(2);
    JsonNode j = json(write(out -> all.write(ReportFormat.JSON, out)));
    assertThat(j.get("seen_in").toString())
        .isEqualTo(
            "[{\"scans\":3,\"hosts\":1,\"hosts_percent\":25.0,\"observations\":3,"
                + "\"observations_percent\":42.9},"
                + "{\"scans\":2,\"hosts\":1,\"hosts_percent\":25.0,\"observations\":2,"
                + "\"observations_percent\":28.6},"
                + "{\"scans\":1,\"hosts\":2,\"hosts_percent\":50.0,\"observations\":2,"
                + "\"observations_percent\":28.6}]");
    String md = write(out -> all.write(ReportFormat.MD, out));
    assertThat(md)
        .contains("**4 exposed servers, 7 observations: 1 in every scan, 2 in only one.**")
        .contains("| 3 of 3 (every scan) | 1 | 25.0% | 3 | 42.9% |")
        .contains("| 1 of 3 (once) | 2 | 50.0% | 2 | 28.6% |");

    Persistence lastTwo = Persistence.lastScans(store, 2);
    assertThat(lastTwo.hosts()).isEqualTo(3);
    assertThat(lastTwo.persistent()).isEqualTo(1);
  }

  @Test
  void persistenceNeedsTwoScans() {
    assertThatThrownBy(() -> Persistence.lastScans(store, 1))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("at least 2");
    TestStores.scan(store, Sample.records());
    assertThatThrownBy(() -> Persistence.lastScans(store, 5))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("only one");
  }

  @Test
  void authStatusIsReadBackForFencedHosts() {
    TestStores.scan(
        store,
        List.of(Host.exposed("192.0.2.20").auth(AuthStatus.REQUIRED).exposedFlag(false).record()));
    try (RecordSource in = RecordSource.latestScan(store)) {
      Summary s = Report.summary(in, ReportOptions.defaults());
      assertThat(s.authRequired()).isEqualTo(1);
      assertThat(s.exposed()).isZero();
    }
  }
}
