package dev.corral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.core.scan.HostRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every store must do, whatever the database. Subclasses say where the databases are. */
abstract class StoreContract {

  private TestDatabases databases;
  private final List<Store> opened = new ArrayList<>();

  /** Where this run's databases are. Called once per test. */
  abstract TestDatabases databases();

  @BeforeEach
  void setUpDatabases() {
    databases = databases();
  }

  @AfterEach
  void closeEverything() {
    for (Store store : opened) {
      store.close();
    }
    databases.close();
  }

  private Store open(String location) {
    Store store = Store.open(location);
    opened.add(store);
    return store;
  }

  private Store fresh() {
    return open(databases.fresh());
  }

  private static long count(Store store, long scanId) {
    try (Stream<HostRecord> records = store.records(scanId)) {
      return records.count();
    }
  }

  @Test
  void anEmptyDatabaseIsMigratedAndReadyForScans() {
    Store store = fresh();
    assertThat(store.scans()).isEmpty();

    Instant before = Instant.now().minusSeconds(1);
    long id = store.beginScan("corral scan 127.0.10.0/24 --ports 11434");

    ScanInfo scan = store.scan(id).orElseThrow();
    assertThat(scan.id()).isEqualTo(id);
    assertThat(scan.status()).isEqualTo(ScanStatus.RUNNING);
    assertThat(scan.description()).isEqualTo("corral scan 127.0.10.0/24 --ports 11434");
    assertThat(scan.startedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
    assertThat(scan.finishedAt()).isNull();
    assertThat(List.of(scan.targets(), scan.open(), scan.ollama(), scan.exposed()))
        .containsOnly(0L);
  }

  @Test
  void reopeningAnExistingStoreKeepsItsScansAndDoesNotMigrateAgain() throws Exception {
    String location = databases.fresh();
    long first;
    try (Store store = Store.open(location)) {
      first = store.beginScan("first");
      try (ScanWriter writer = store.writer(first)) {
        writer.write(TestRecords.full());
      }
      store.finishScan(first, ScanStatus.FINISHED);
    }
    try (Store again = Store.open(location)) {
      assertThat(again.scans()).extracting(ScanInfo::id).containsExactly(first);
      assertThat(count(again, first)).isEqualTo(1);
      assertThat(again.beginScan("second")).isGreaterThan(first);
    }
    try (Store third = Store.open(location);
        Connection c = databases.connect(location);
        var statement = c.createStatement();
        ResultSet history =
            statement.executeQuery(
                "SELECT version, success FROM corral_schema_history WHERE version IS NOT NULL"
                    + " AND version <> '0' ORDER BY installed_rank")) {
      assertThat(third.scans()).hasSize(2);
      List<String> applied = new ArrayList<>();
      while (history.next()) {
        assertThat(history.getBoolean("success")).isTrue();
        applied.add(history.getString("version"));
      }
      assertThat(applied).as("each migration applied once").containsExactly("1", "2", "3");
    }
  }

  @Test
  void aRecordComesBackEqualWithAll23Fields() throws Exception {
    Store store = fresh();
    long id = store.beginScan("round trip");
    HostRecord full = TestRecords.full();
    HostRecord minimal = TestRecords.minimal();
    try (ScanWriter writer = store.writer(id)) {
      writer.write(full);
      writer.write(minimal);
    }
    try (Stream<HostRecord> records = store.records(id)) {
      // Host key order: http://127.0.10.8 sorts before https://127.0.10.7.
      assertThat(records.toList()).containsExactly(minimal, full);
    }
    assertThat(HostRecord.class.getRecordComponents()).hasSize(23);
  }

  @Test
  void theKeyColumnsHoldTheRecordsFields() throws Exception {
    String location = databases.fresh();
    Store store = open(location);
    long id = store.beginScan("columns");
    try (ScanWriter writer = store.writer(id)) {
      writer.write(TestRecords.full());
    }
    try (Connection c = databases.connect(location);
        PreparedStatement select =
            c.prepareStatement(
                "SELECT scan_id, host_key, ip, port, scheme, state, product, ollama, exposed, auth,"
                    + " version, version_range, risk, country, asn, org, scanned_at"
                    + " FROM host_record");
        ResultSet row = select.executeQuery()) {
      assertThat(row.next()).isTrue();
      assertThat(row.getLong("scan_id")).isEqualTo(id);
      assertThat(row.getString("host_key")).isEqualTo("https://127.0.10.7:11434");
      assertThat(row.getString("ip")).isEqualTo("127.0.10.7");
      assertThat(row.getInt("port")).isEqualTo(11434);
      assertThat(row.getString("scheme")).isEqualTo("https");
      assertThat(row.getString("state")).isEqualTo("open");
      assertThat(row.getString("product")).isEqualTo("ollama");
      assertThat(row.getBoolean("ollama")).isTrue();
      assertThat(row.getBoolean("exposed")).isTrue();
      assertThat(row.getString("auth")).isEqualTo("none");
      assertThat(row.getString("version")).isEqualTo("0.1.33");
      assertThat(row.getString("version_range")).isEqualTo(">=0.1.30 <0.1.34");
      assertThat(row.getString("risk")).isEqualTo("critical");
      assertThat(row.getString("country")).isEqualTo("DE");
      assertThat(row.getLong("asn")).isEqualTo(3320L);
      assertThat(row.getString("org")).isEqualTo("Beispiel GmbH — Zürich ✓");
      assertThat(row.getString("scanned_at")).startsWith("2026-11-27");
      assertThat(row.next()).isFalse();
    }
  }

  @Test
  void recordsFromManyThreadsAreAllStoredWithTheirCounters() throws Exception {
    Store store = fresh();
    long a = store.beginScan("scan a");
    long b = store.beginScan("scan b, at the same time");
    int threads = 8;
    int perThread = 2_500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (ScanWriter writerA = store.writer(a);
        ScanWriter writerB = store.writer(b)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        // Half the threads feed each scan, so two writers compete for the database too.
        ScanWriter writer = t % 2 == 0 ? writerA : writerB;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    writer.write(TestRecords.numbered(thread * perThread + i));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    int perScan = threads / 2 * perThread;
    for (long id : new long[] {a, b}) {
      ScanInfo scan = store.scan(id).orElseThrow();
      assertThat(scan.targets()).isEqualTo(perScan);
      Set<String> keys = new HashSet<>();
      long open = 0;
      long ollama = 0;
      long exposed = 0;
      try (Stream<HostRecord> records = store.records(id)) {
        for (HostRecord r : (Iterable<HostRecord>) records::iterator) {
          keys.add(r.hostKey());
          open += r.state() == dev.corral.core.scan.ScanState.OPEN ? 1 : 0;
          ollama += r.ollama() ? 1 : 0;
          exposed += r.exposed() ? 1 : 0;
        }
      }
      assertThat(keys).hasSize(perScan);
      assertThat(scan.open()).isEqualTo(open).isPositive();
      assertThat(scan.ollama()).isEqualTo(ollama).isPositive();
      assertThat(scan.exposed()).isEqualTo(exposed).isPositive();
    }
  }

  @Test
  void closingTheWriterStoresTheLastPartialBatch() throws Exception {
    Store store = fresh();
    long id = store.beginScan("batches");
    // Three full batches and a few more: the last seven only reach the database if close()
    // writes what is still queued.
    int total = ScanWriter.BATCH_SIZE * 3 + 7;
    ScanWriter writer = store.writer(id);
    for (int i = 0; i < total; i++) {
      writer.write(TestRecords.numbered(i));
    }
    writer.close();
    assertThat(writer.written()).isEqualTo(total);
    assertThat(count(store, id)).isEqualTo(total);
    assertThat(store.scan(id).orElseThrow().targets()).isEqualTo(total);

    long single = store.beginScan("one record");
    try (ScanWriter one = store.writer(single)) {
      one.write(TestRecords.minimal());
    }
    assertThat(count(store, single)).isEqualTo(1);
  }

  @Test
  void flushMakesRecordsVisibleWhileTheScanRuns() throws Exception {
    Store store = fresh();
    long id = store.beginScan("flush");
    try (ScanWriter writer = store.writer(id)) {
      for (int i = 0; i < 42; i++) {
        writer.write(TestRecords.numbered(i));
      }
      writer.flush();
      assertThat(count(store, id)).isEqualTo(42);
      assertThat(writer.written()).isEqualTo(42);
    }
  }

  @Test
  void closingTheStoreClosesItsWritersWithoutLosingRecords() throws Exception {
    String location = databases.fresh();
    long id;
    try (Store store = Store.open(location)) {
      id = store.beginScan("store closed under the writer");
      ScanWriter writer = store.writer(id);
      for (int i = 0; i < 1_234; i++) {
        writer.write(TestRecords.numbered(i));
      }
      // No writer.close(): the store's close must write what is queued.
    }
    try (Store again = Store.open(location)) {
      assertThat(count(again, id)).isEqualTo(1_234);
    }
  }

  @Test
  void anInterruptedScanKeepsWhatWasWritten() throws Exception {
    Store store = fresh();
    long id = store.beginScan("interrupted by Ctrl-C");
    ScanWriter writer = store.writer(id);
    for (int i = 0; i < 1_000; i++) {
      writer.write(TestRecords.numbered(i));
    }
    // finishScan closes the scan's writer first, so the counters it records are final.
    ScanInfo scan = store.finishScan(id, ScanStatus.INTERRUPTED);

    assertThat(scan.status()).isEqualTo(ScanStatus.INTERRUPTED);
    assertThat(scan.finishedAt()).isNotNull().isAfterOrEqualTo(scan.startedAt());
    assertThat(scan.targets()).isEqualTo(1_000);
    assertThat(store.scan(id)).contains(scan);
    assertThat(count(store, id)).isEqualTo(1_000);

    assertThatThrownBy(() -> writer.write(TestRecords.minimal()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the writer of scan " + id + " is closed");
    assertThatThrownBy(() -> store.writer(id))
        .isInstanceOf(StoreException.class)
        .hasMessage("scan " + id + " is interrupted: it takes no more records");
    assertThatThrownBy(() -> store.finishScan(id, ScanStatus.FINISHED))
        .isInstanceOf(StoreException.class)
        .hasMessage("scan " + id + " has already ended: interrupted");
  }

  @Test
  void aFinishedScanRecordsWhenItEnded() {
    Store store = fresh();
    long id = store.beginScan("finished");
    ScanInfo scan = store.finishScan(id, ScanStatus.FINISHED);
    assertThat(scan.status()).isEqualTo(ScanStatus.FINISHED);
    assertThat(scan.finishedAt()).isNotNull();
    assertThatThrownBy(() -> store.finishScan(id, ScanStatus.RUNNING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyRecordsStreamInHostKeyOrderAndStreamsGiveTheirConnectionBack() throws Exception {
    Store store = fresh();
    long id = store.beginScan("many");
    int total = 30_000;
    try (ScanWriter writer = store.writer(id)) {
      for (int i = total - 1; i >= 0; i--) {
        writer.write(TestRecords.numbered(i));
      }
    }
    String[] previous = {""};
    long[] seen = {0};
    try (Stream<HostRecord> records = store.records(id)) {
      records.forEach(
          r -> {
            assertThat(r.hostKey()).isGreaterThan(previous[0]);
            previous[0] = r.hostKey();
            seen[0]++;
          });
    }
    assertThat(seen[0]).isEqualTo(total);

    // More streams than the pool has connections: each must be given back when closed
    // (a leak would make one of these wait for a connection and fail).
    for (int i = 0; i < 20; i++) {
      try (Stream<HostRecord> records = store.records(id)) {
        assertThat(records.limit(3).toList()).hasSize(3);
      }
    }
  }

  @Test
  void theFilterKeepsOllamaAndExposedHosts() throws Exception {
    Store store = fresh();
    long id = store.beginScan("filter");
    try (ScanWriter writer = store.writer(id)) {
      for (int i = 0; i < 30; i++) {
        writer.write(TestRecords.numbered(i));
      }
    }
    try (Stream<HostRecord> records = store.records(id, RecordFilter.OLLAMA_OR_EXPOSED)) {
      assertThat(records.toList()).hasSize(10).allMatch(r -> r.ollama() || r.exposed());
    }
  }

  @Test
  void scansAreListedNewestFirst() {
    Store store = fresh();
    long first = store.beginScan("1");
    long second = store.beginScan("2");
    long third = store.beginScan("3");
    assertThat(store.scans()).extracting(ScanInfo::id).containsExactly(third, second, first);
    assertThat(store.latestScans(2)).extracting(ScanInfo::id).containsExactly(third, second);
    assertThat(store.latestScans(0)).isEmpty();
    assertThat(store.scan(third + 100)).isEmpty();
  }

  @Test
  void deletingAScanDeletesItsRecords() throws Exception {
    String location = databases.fresh();
    Store store = open(location);
    long kept = store.beginScan("kept");
    long deleted = store.beginScan("deleted");
    for (long id : new long[] {kept, deleted}) {
      try (ScanWriter writer = store.writer(id)) {
        for (int i = 0; i < 10; i++) {
          writer.write(TestRecords.numbered(i));
        }
      }
    }
    assertThat(store.deleteScan(deleted)).isTrue();
    assertThat(store.deleteScan(deleted)).isFalse();
    assertThat(store.scans()).extracting(ScanInfo::id).containsExactly(kept);
    assertThatThrownBy(() -> store.records(deleted))
        .isInstanceOf(StoreException.class)
        .hasMessage("no scan " + deleted + " in " + store.location());
    try (Connection c = databases.connect(location);
        var statement = c.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM host_record")) {
      rows.next();
      assertThat(rows.getLong(1)).as("records of the deleted scan are gone").isEqualTo(10);
    }
  }

  @Test
  void aBatchThatCannotBeStoredIsReportedToTheWriters() throws Exception {
    Store store = fresh();
    long id = store.beginScan("deleted under the writer");
    ScanWriter writer = store.writer(id);
    writer.write(TestRecords.numbered(1));
    writer.flush();
    store.deleteScan(id);
    writer.write(TestRecords.numbered(2));
    assertThatThrownBy(writer::flush)
        .isInstanceOf(StoreException.class)
        .hasMessage("no scan " + id + " in " + store.location());
    assertThatThrownBy(() -> writer.write(TestRecords.numbered(3)))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(writer::close).isInstanceOf(StoreException.class);
  }

  @Test
  void unknownScansAndUnstorableRecordsAreRefused() throws Exception {
    Store store = fresh();
    assertThatThrownBy(() -> store.writer(999))
        .isInstanceOf(StoreException.class)
        .hasMessage("no scan 999 in " + store.location());
    assertThatThrownBy(() -> store.records(999))
        .isInstanceOf(StoreException.class)
        .hasMessage("no scan 999 in " + store.location());
    assertThatThrownBy(() -> store.finishScan(999, ScanStatus.FINISHED))
        .isInstanceOf(StoreException.class)
        .hasMessage("no scan 999 in " + store.location());

    long id = store.beginScan("no ip");
    try (ScanWriter writer = store.writer(id)) {
      HostRecord m = TestRecords.minimal();
      HostRecord noIp =
          new HostRecord(
              "unresolvable.example",
              null,
              11434,
              "http",
              m.state(),
              null,
              false,
              0,
              null,
              null,
              m.auth(),
              false,
              null,
              null,
              null,
              null,
              null,
              m.risk(),
              null,
              null,
              null,
              null,
              null);
      assertThatThrownBy(() -> writer.write(noIp))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unresolvable.example");
    }
  }
}
