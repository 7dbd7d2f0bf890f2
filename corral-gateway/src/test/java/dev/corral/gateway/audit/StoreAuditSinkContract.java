package dev.corral.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.auth.GatewayTestStores;
import dev.corral.store.AuditRow;
import dev.corral.store.Store;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store audit sink on every database; subclasses say where. */
abstract class StoreAuditSinkContract {
  private GatewayTestStores stores;

  abstract GatewayTestStores stores();

  @BeforeEach
  void setUpStores() {
    stores = stores();
  }

  @AfterEach
  void dropStores() {
    stores.close();
  }

  static AuditEvent event(int i) {
    return new AuditEvent(
        Instant.parse("2026-11-27T21:00:00Z").plus(i, ChronoUnit.MICROS),
        i % 3 == 0 ? null : "ck_" + "a".repeat(12),
        "127.0.0.1:" + (40_000 + i % 1000),
        i % 2 == 0 ? "POST" : "GET",
        "/api/chat",
        i % 3 == 0 ? null : "registry.ollama.ai/library/llama3:latest",
        i % 3 != 0,
        i % 3 == 0 ? "auth-required" : "allow",
        i % 3 == 0 ? 401 : 200,
        i % 3 == 0 ? -1 : 26,
        i % 3 == 0 ? -1 : 298,
        1_000 + i);
  }

  @Test
  void everyEventFromManyThreadsIsStoredByClose() throws Exception {
    String location = stores.fresh();
    int threads = 4;
    int perThread = 5_000;
    try (Store store = Store.open(location)) {
      StoreAuditSink sink = new StoreAuditSink(store);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int base = t * perThread;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      sink.record(event(base + i));
                    }
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      sink.close();
      assertThat(sink.dropped()).isZero();
      assertThat(sink.failed()).isZero();
      assertThat(sink.written()).isEqualTo((long) threads * perThread);
    }
    try (Store again = Store.open(location)) {
      assertThat(again.audit().count()).isEqualTo((long) threads * perThread);
      // Every event once, and each thread's in the order it recorded them: the newest rows are the
      // ones stored last, and the sink stores in the order events reached its queue.
      List<AuditRow> stored = again.audit().newest(threads * perThread).reversed();
      List<AuditRow> expected = new ArrayList<>();
      for (int i = 0; i < threads * perThread; i++) {
        expected.add(StoreAuditSink.row(event(i)));
      }
      assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
      for (int t = 0; t < threads; t++) {
        int from = t * perThread;
        assertThat(
                stored.stream()
                    .filter(r -> r.latencyMicros() - 1_000 >= from)
                    .filter(r -> r.latencyMicros() - 1_000 < from + perThread)
                    .toList())
            .as("thread %d's events", t)
            .containsExactlyElementsOf(expected.subList(from, from + perThread));
      }
    }
  }

  @Test
  void aSingleEventIsWrittenSoonWithoutWaitingForABatch() throws Exception {
    try (Store store = Store.open(stores.fresh());
        StoreAuditSink sink = new StoreAuditSink(store)) {
      sink.record(event(1));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (store.audit().count() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(store.audit().newest(1)).containsExactly(StoreAuditSink.row(event(1)));
    }
  }

  @Test
  void eventsAfterCloseAreCountedAsDropped() {
    try (Store store = Store.open(stores.fresh())) {
      StoreAuditSink sink = new StoreAuditSink(store);
      sink.record(event(1));
      sink.close();
      sink.record(event(2));
      assertThat(sink.written()).isEqualTo(1);
      assertThat(sink.dropped()).isEqualTo(1);
      assertThat(store.audit().count()).isEqualTo(1);
    }
  }

  @Test
  void aMalformedEventIsLostAloneLongFieldsAreCutAndKeysWithheld() {
    try (Store store = Store.open(stores.fresh())) {
      StoreAuditSink sink = new StoreAuditSink(store);
      AuditEvent broken =
          new AuditEvent(null, null, null, "GET", "/", null, false, "x", 400, -1, -1, 1);
      AuditEvent huge =
          new AuditEvent(
              Instant.parse("2026-11-27T21:00:00Z"),
              null,
              "127.0.0.1:1",
              "G".repeat(10_000),
              "/" + "a".repeat(100_000),
              null,
              false,
              "route-unknown",
              404,
              -1,
              -1,
              5);
      String key = "corral_" + "k".repeat(52);
      AuditEvent leaky =
          new AuditEvent(
              Instant.parse("2026-11-27T21:00:01Z"),
              null,
              "127.0.0.1:2",
              "POST",
              "/api/corral%5F" + key.substring(7),
              key,
              false,
              "credential-in-query",
              401,
              -1,
              -1,
              5);
      sink.record(event(1));
      sink.record(leaky);
      sink.record(broken);
      sink.record(huge);
      sink.record(event(2));
      sink.close();
      assertThat(sink.failed()).isEqualTo(1);
      assertThat(sink.written()).isEqualTo(4);
      List<AuditRow> rows = store.audit().newest(10);
      assertThat(rows).hasSize(4);
      AuditRow withheld =
          rows.stream()
              .filter(r -> r.rule().equals("credential-in-query"))
              .findFirst()
              .orElseThrow();
      assertThat(withheld.route()).isEqualTo(StoreAuditSink.WITHHELD);
      assertThat(withheld.model()).isEqualTo(StoreAuditSink.WITHHELD);
      AuditRow cut =
          rows.stream().filter(r -> r.rule().equals("route-unknown")).findFirst().orElseThrow();
      assertThat(cut.route()).hasSize(200).startsWith("/aaa");
      assertThat(cut.method()).hasSize(32);
    }
  }

  @Test
  void aKeyInARouteOrModelIsWithheldEveryTimeBesideCleanOnes() {
    String key = "corral_" + "k".repeat(52);
    try (Store store = Store.open(stores.fresh())) {
      StoreAuditSink sink = new StoreAuditSink(store);
      int total = 600;
      for (int i = 0; i < total; i++) {
        AuditEvent clean = event(i);
        boolean leaky = i % 5 == 4;
        sink.record(
            new AuditEvent(
                clean.time(),
                clean.keyId(),
                clean.client(),
                clean.method(),
                leaky ? "/api/" + key : clean.route(),
                leaky && i % 2 == 0
                    ? "registry.ollama.ai/library/" + key + ":latest"
                    : clean.model(),
                clean.allowed(),
                clean.rule(),
                clean.status(),
                clean.promptTokens(),
                clean.evalTokens(),
                clean.latencyMicros()));
      }
      sink.close();
      assertThat(sink.written()).isEqualTo(total);
      List<AuditRow> rows = store.audit().newest(total);
      assertThat(rows).hasSize(total);
      for (AuditRow row : rows) {
        assertThat(row.route()).doesNotContain(key);
        assertThat(row.model() == null ? "" : row.model()).doesNotContain(key);
        int i = (int) (row.latencyMicros() - 1_000);
        if (i % 5 == 4) {
          assertThat(row.route()).as("event %d", i).isEqualTo(StoreAuditSink.WITHHELD);
          if (i % 2 == 0) {
            assertThat(row.model()).as("event %d", i).isEqualTo(StoreAuditSink.WITHHELD);
          }
        } else {
          assertThat(row).as("event %d", i).isEqualTo(StoreAuditSink.row(event(i)));
        }
      }
    }
  }

  @Test
  void aBatchWriterStoresBatchAfterBatchAndCountsTheMalformed() {
    try (Store store = Store.open(stores.fresh());
        AuditBatchWriter out = new AuditBatchWriter(store)) {
      AuditEvent broken =
          new AuditEvent(null, null, null, "GET", "/", null, false, "x", 400, -1, -1, 1);
      List<AuditEvent> all = new ArrayList<>();
      int stored = 0;
      for (int size : new int[] {500, 1, 137, 100, 10}) {
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          batch.add(event(all.size()));
          all.add(batch.getLast());
        }
        batch.add(size / 2, broken);
        assertThat(out.write(batch)).as("a batch of %d and a broken one", size).isEqualTo(size);
        stored += size;
        if (size == 1) {
          out.release();
        }
      }
      assertThat(out.write(List.of(broken))).isZero();
      assertThat(store.audit().count()).isEqualTo(stored);
      assertThat(store.audit().newest(stored))
          .containsExactlyElementsOf(all.reversed().stream().map(StoreAuditSink::row).toList());
    }
  }

  @Test
  void aBatchTheDatabaseRefusesIsCountedAndTheWriterGoesOn() throws Exception {
    String location = stores.fresh();
    try (Store store = Store.open(location)) {
      StoreAuditSink sink = new StoreAuditSink(store);
      try (Connection c = stores.connect(location);
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE audit_log RENAME TO audit_log_away");
      }
      sink.record(event(1));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (sink.failed() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(sink.failed()).isEqualTo(1);
      try (Connection c = stores.connect(location);
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE audit_log_away RENAME TO audit_log");
      }
      sink.record(event(2));
      sink.close();
      assertThat(sink.written()).isEqualTo(1);
      assertThat(store.audit().newest(5)).containsExactly(StoreAuditSink.row(event(2)));
    }
  }
}
