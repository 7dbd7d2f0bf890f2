package dev.corral.store.diff;

import static dev.corral.core.scan.AuthStatus.NONE;
import static dev.corral.core.scan.AuthStatus.REQUIRED;
import static dev.corral.core.scan.AuthStatus.UNKNOWN;
import static dev.corral.core.scan.ScanState.CLOSED;
import static dev.corral.core.scan.ScanState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.Risk;
import dev.corral.store.RecordFilter;
import dev.corral.store.ScanStatus;
import dev.corral.store.ScanWriter;
import dev.corral.store.Store;
import dev.corral.store.StoreException;
import dev.corral.store.TestDatabases;
import dev.corral.store.TestRecords;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Comparing two scans, whatever the database. Subclasses say where the databases are. */
abstract class ScanDiffContract {
  private static final List<String> LLAMA = List.of("llama3.2:latest");

  private TestDatabases databases;
  private Store store;

  abstract TestDatabases databases();

  @BeforeEach
  void open() {
    databases = databases();
    store = Store.open(databases.fresh());
  }

  @AfterEach
  void close() {
    store.close();
    databases.close();
  }

  private static HostRecord exposed(String ip, int port) {
    return TestRecords.host(ip, port, OPEN, "ollama", true, NONE, "0.5.7", LLAMA, Risk.HIGH);
  }

  private static HostRecord withVersion(
      HostRecord r, String version, String range, List<String> models) {
    HostRecord shape =
        TestRecords.host(
            r.ip(),
            r.port(),
            r.state(),
            r.product(),
            r.ollama(),
            r.auth(),
            version,
            models,
            r.risk());
    return new HostRecord(
        shape.target(),
        shape.ip(),
        shape.port(),
        "http",
        shape.state(),
        shape.product(),
        shape.ollama(),
        shape.confidence(),
        version,
        range,
        shape.auth(),
        shape.exposed(),
        shape.models(),
        shape.running(),
        null,
        null,
        List.of(),
        shape.risk(),
        null,
        null,
        null,
        List.of(),
        shape.scannedAt());
  }

  private static HostRecord https(HostRecord r) {
    return new HostRecord(
        r.target(),
        r.ip(),
        r.port(),
        "https",
        r.state(),
        r.product(),
        r.ollama(),
        r.confidence(),
        r.version(),
        r.versionRange(),
        r.auth(),
        r.exposed(),
        r.models(),
        r.running(),
        null,
        null,
        List.of(),
        r.risk(),
        null,
        null,
        null,
        List.of(),
        r.scannedAt());
  }

  private long scan(List<HostRecord> records) throws InterruptedException {
    long id = store.beginScan("diff test");
    try (ScanWriter writer = store.writer(id)) {
      for (HostRecord r : records) {
        writer.write(r);
      }
    }
    store.finishScan(id, ScanStatus.FINISHED);
    return id;
  }

  // The same hosts, older and newer; each letter is one case of the comparison.
  private final HostRecord unchanged = exposed("127.0.0.1", 11434);
  private final HostRecord goneOld = exposed("127.0.0.2", 11434);
  private final HostRecord closedOld = exposed("127.0.0.9", 11434);
  private final HostRecord closedNew =
      TestRecords.host(
          "127.0.0.9", 11434, CLOSED, null, false, UNKNOWN, null, List.of(), Risk.NONE);
  private final HostRecord appeared = exposed("127.0.0.3", 11434);
  private final HostRecord fencedOld =
      TestRecords.host(
          "127.0.0.4", 11434, OPEN, "ollama", true, REQUIRED, null, List.of(), Risk.LOW);
  private final HostRecord fencedNew =
      TestRecords.host(
          "127.0.0.4",
          11434,
          OPEN,
          "ollama",
          true,
          NONE,
          "0.6.0",
          List.of("qwen2.5:0.5b", "llama3.2:latest"),
          Risk.CRITICAL);
  private final HostRecord upgradedOld =
      withVersion(exposed("127.0.0.5", 11434), "0.5.7", null, List.of("a", "b"));
  private final HostRecord upgradedNew =
      withVersion(exposed("127.0.0.5", 11434), null, ">=0.5.0 <0.6.0", List.of("b", "c"));
  private final HostRecord webOld =
      TestRecords.host("127.0.0.6", 8080, OPEN, "http", false, UNKNOWN, null, List.of(), Risk.NONE);
  private final HostRecord webNew = exposed("127.0.0.6", 8080);
  private final HostRecord closedBoth =
      TestRecords.host(
          "127.0.0.7", 11434, CLOSED, null, false, UNKNOWN, null, List.of(), Risk.NONE);
  private final HostRecord twice = exposed("127.0.0.8", 11434);
  private final HostRecord ipv6 = exposed("::1", 11434);
  private final HostRecord tls = https(exposed("127.0.0.1", 11434));

  private long older() throws InterruptedException {
    return scan(
        List.of(
            ipv6,
            unchanged,
            goneOld,
            closedOld,
            fencedOld,
            upgradedOld,
            webOld,
            closedBoth,
            twice));
  }

  private long newer() throws InterruptedException {
    // The duplicate's last record counts: it equals the older one, so the host is unchanged.
    HostRecord twiceEarlier = withVersion(twice, "0.1.0", null, LLAMA);
    return scan(
        List.of(
            tls,
            closedNew,
            twiceEarlier,
            fencedNew,
            upgradedNew,
            webNew,
            closedBoth,
            appeared,
            unchanged,
            ipv6,
            twice));
  }

  @Test
  void byDefaultOllamaAndExposedHostsAreCompared() throws Exception {
    long older = older();
    long newer = newer();

    ScanDiff diff = ScanDiff.between(store, older, newer);

    assertThat(diff.scope()).isEqualTo(RecordFilter.OLLAMA_OR_EXPOSED);
    assertThat(diff.added())
        .extracting(HostChange::hostKey)
        .containsExactly(
            "http://127.0.0.3:11434", "http://127.0.0.6:8080", "https://127.0.0.1:11434");
    assertThat(diff.added())
        .allSatisfy(
            c -> {
              assertThat(c.kind()).isEqualTo(HostChange.Kind.NEW);
              assertThat(c.before()).isNull();
              assertThat(c.changes()).isEmpty();
            });
    assertThat(diff.added().get(0).after()).isEqualTo(appeared);

    // A host that closed its port is no longer an exposed Ollama: gone.
    assertThat(diff.gone())
        .extracting(HostChange::hostKey)
        .containsExactly("http://127.0.0.2:11434", "http://127.0.0.9:11434");
    assertThat(diff.gone().get(0).before()).isEqualTo(goneOld);
    assertThat(diff.gone().get(0).after()).isNull();

    assertThat(diff.changed())
        .extracting(HostChange::hostKey)
        .containsExactly("http://127.0.0.4:11434", "http://127.0.0.5:11434");
    HostChange fenced = diff.changed().get(0);
    assertThat(fenced.kind()).isEqualTo(HostChange.Kind.CHANGED);
    assertThat(fenced.before()).isEqualTo(fencedOld);
    assertThat(fenced.after()).isEqualTo(fencedNew);
    assertThat(fenced.changes())
        .containsExactly(
            "exposed: false -> true",
            "auth: required -> none",
            "version: null -> 0.6.0",
            "model added: llama3.2:latest",
            "model added: qwen2.5:0.5b",
            "risk: low -> critical");
    assertThat(diff.changed().get(1).changes())
        .containsExactly(
            "version: 0.5.7 -> null",
            "version_range: null -> >=0.5.0 <0.6.0",
            "model added: c",
            "model removed: a");
  }

  @Test
  void withAllEveryRecordIsCompared() throws Exception {
    long older = older();
    long newer = newer();

    ScanDiff diff = ScanDiff.between(store, older, newer, RecordFilter.ALL);

    assertThat(diff.added())
        .extracting(HostChange::hostKey)
        .containsExactly("http://127.0.0.3:11434", "https://127.0.0.1:11434");
    assertThat(diff.gone())
        .extracting(HostChange::hostKey)
        .containsExactly("http://127.0.0.2:11434");
    assertThat(diff.changed())
        .extracting(HostChange::hostKey)
        .containsExactly(
            "http://127.0.0.4:11434",
            "http://127.0.0.5:11434",
            "http://127.0.0.6:8080",
            "http://127.0.0.9:11434");
    assertThat(diff.changed().get(2).changes())
        .containsExactly(
            "product: http -> ollama",
            "ollama: false -> true",
            "exposed: false -> true",
            "auth: unknown -> none",
            "version: null -> 0.5.7",
            "model added: llama3.2:latest",
            "risk: none -> high");
    assertThat(diff.changed().get(3).changes())
        .containsExactly(
            "state: open -> closed",
            "product: ollama -> null",
            "ollama: true -> false",
            "exposed: true -> false",
            "auth: none -> unknown",
            "version: 0.5.7 -> null",
            "model removed: llama3.2:latest",
            "risk: high -> none");
  }

  @Test
  void aScanComparedWithItselfHasNoDifferences() throws Exception {
    long older = older();
    assertThat(ScanDiff.between(store, older, older, RecordFilter.ALL).isEmpty()).isTrue();
  }

  @Test
  void anUnknownScanIsNamed() throws Exception {
    long older = older();
    assertThatThrownBy(() -> ScanDiff.between(store, older, 12345))
        .isInstanceOf(StoreException.class)
        .hasMessage("no scan 12345 in " + store.location());
  }

  /** Thousands of hosts, written in random order: the merge agrees with a plain in-memory diff. */
  @Test
  void largeScansAgreeWithAnInMemoryComparison() throws Exception {
    Random random = new Random(42);
    List<HostRecord> was = new ArrayList<>();
    List<HostRecord> is = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      was.add(TestRecords.numbered(i));
    }
    for (int i = 200; i < 5_300; i++) {
      HostRecord r = TestRecords.numbered(i);
      is.add(i % 7 == 0 ? withVersion(r, "0.6.1", null, List.of("x:latest")) : r);
    }
    Collections.shuffle(was, random);
    Collections.shuffle(is, random);
    long older = scan(was);
    long newer = scan(is);

    Map<HostChange.Kind, Integer> counted = new EnumMap<>(HostChange.Kind.class);
    ScanDiff.walk(
        store, older, newer, RecordFilter.ALL, c -> counted.merge(c.kind(), 1, Integer::sum));

    Map<String, HostRecord> before = new HashMap<>();
    was.forEach(r -> before.put(r.hostKey(), r));
    Map<HostChange.Kind, Integer> expected = new EnumMap<>(HostChange.Kind.class);
    for (HostRecord r : is) {
      HostRecord old = before.remove(r.hostKey());
      if (old == null) {
        expected.merge(HostChange.Kind.NEW, 1, Integer::sum);
      } else if (!Changes.between(old, r).isEmpty()) {
        expected.merge(HostChange.Kind.CHANGED, 1, Integer::sum);
      }
    }
    expected.put(HostChange.Kind.GONE, before.size());

    assertThat(counted).isEqualTo(expected);
    assertThat(expected)
        .containsEntry(HostChange.Kind.NEW, 300)
        .containsEntry(HostChange.Kind.GONE, 200);
    assertThat(expected.get(HostChange.Kind.CHANGED)).isGreaterThan(600);
  }
}
