package dev.corral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's tables (keys, change counter, secrets, audit log), whatever the database. */
abstract class GatewayTablesContract {
  private static final Instant T0 = Instant.parse("2026-11-27T21:00:00.123456Z");

  private TestDatabases databases;
  private final List<Store> opened = new ArrayList<>();

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

  private static ApiKeyRow key(String id, String hashDigit, Instant expires) {
    return new ApiKeyRow(
        id,
        "key " + id,
        "user",
        List.of("llama3*", "registry.ollama.ai/library/qwen2.5:?b"),
        60,
        100_000L,
        hashDigit.repeat(64),
        T0,
        expires,
        null,
        null);
  }

  @Test
  void aKeyComesBackEqualWithEveryField() {
    Store store = open(databases.fresh());
    ApiKeyRow plain = key("ck_aaaaaaaaaaaa", "a", null);
    ApiKeyRow expiring = key("ck_bbbbbbbbbbbb", "b", T0.plus(30, ChronoUnit.DAYS));
    ApiKeyRow admin =
        new ApiKeyRow(
            "ck_cccccccccccc",
            "ops — Zürich ✓",
            "admin",
            List.of("*"),
            0,
            0,
            "c".repeat(64),
            T0.plusSeconds(1),
            null,
            T0.plusSeconds(2),
            "ck_aaaaaaaaaaaa");
    store.keys().insert(plain);
    store.keys().insert(expiring);
    store.keys().insert(admin);

    assertThat(store.keys().all()).containsExactly(plain, expiring, admin);
    assertThat(store.keys().find("ck_bbbbbbbbbbbb")).contains(expiring);
    assertThat(store.keys().find("ck_zzzzzzzzzzzz")).isEmpty();
    assertThat(admin.revoked()).isTrue();
    assertThat(expiring.expiredAt(T0)).isFalse();
    assertThat(expiring.expiredAt(T0.plus(30, ChronoUnit.DAYS))).isTrue();
  }

  @Test
  void everyChangeMovesTheCounterAndNothingElseDoes() {
    Store store = open(databases.fresh());
    long start = store.keys().changes();
    store.keys().insert(key("ck_aaaaaaaaaaaa", "a", null));
    long afterInsert = store.keys().changes();
    assertThat(afterInsert).isGreaterThan(start);

    store.keys().all();
    store.keys().find("ck_aaaaaaaaaaaa");
    assertThat(store.keys().changes()).as("reads change nothing").isEqualTo(afterInsert);

    assertThat(store.keys().revoke("ck_aaaaaaaaaaaa", T0.plusSeconds(5))).isTrue();
    long afterRevoke = store.keys().changes();
    assertThat(afterRevoke).isGreaterThan(afterInsert);

    assertThat(store.keys().revoke("ck_aaaaaaaaaaaa", T0.plusSeconds(9)))
        .as("a second revocation")
        .isFalse();
    assertThat(store.keys().revoke("ck_nonexistent", T0)).isFalse();
    assertThat(store.keys().changes()).isEqualTo(afterRevoke);
    assertThat(store.keys().find("ck_aaaaaaaaaaaa").orElseThrow().revokedAt())
        .as("the first revocation time is kept")
        .isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void anotherStoreOnTheSameDatabaseSeesTheChanges() {
    String location = databases.fresh();
    Store gateway = open(location);
    Store cli = open(location);
    long seen = gateway.keys().changes();
    cli.keys().insert(key("ck_aaaaaaaaaaaa", "a", null));
    assertThat(gateway.keys().changes()).isNotEqualTo(seen);
    assertThat(gateway.keys().all()).extracting(ApiKeyRow::id).containsExactly("ck_aaaaaaaaaaaa");
  }

  @Test
  void rotationRevokesTheOldKeyAndStoresTheNewOneTogether() {
    Store store = open(databases.fresh());
    ApiKeyRow old = key("ck_aaaaaaaaaaaa", "a", null);
    store.keys().insert(old);
    long before = store.keys().changes();
    ApiKeyRow replacement =
        new ApiKeyRow(
            "ck_bbbbbbbbbbbb",
            old.name(),
            old.role(),
            old.models(),
            old.rpm(),
            old.tokensPerDay(),
            "b".repeat(64),
            T0.plusSeconds(60),
            null,
            null,
            old.id());

    store.keys().rotate(old.id(), replacement, T0.plusSeconds(60));

    assertThat(store.keys().all()).containsExactly(old.revokedAt(T0.plusSeconds(60)), replacement);
    assertThat(store.keys().changes()).isGreaterThan(before);
  }

  @Test
  void aFailedRotationChangesNothing() {
    Store store = open(databases.fresh());
    ApiKeyRow a = key("ck_aaaaaaaaaaaa", "a", null);
    ApiKeyRow b = key("ck_bbbbbbbbbbbb", "b", null);
    store.keys().insert(a);
    store.keys().insert(b);
    long before = store.keys().changes();
    // The replacement's hash collides with b's: the insert fails, so a must stay unrevoked.
    ApiKeyRow clash = key("ck_cccccccccccc", "b", null);
    assertThatThrownBy(() -> store.keys().rotate(a.id(), clash, T0.plusSeconds(1)))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot rotate key ck_aaaaaaaaaaaa in " + store.location());
    assertThat(store.keys().all()).containsExactly(a, b);
    assertThat(store.keys().changes()).isEqualTo(before);

    assertThatThrownBy(() -> store.keys().rotate("ck_nonexistent", clash, T0))
        .isInstanceOf(StoreException.class)
        .hasMessage("no key ck_nonexistent in " + store.location());
    store.keys().revoke(b.id(), T0.plusSeconds(3));
    assertThatThrownBy(
            () -> store.keys().rotate(b.id(), key("ck_dddddddddddd", "d", null), T0.plusSeconds(4)))
        .isInstanceOf(StoreException.class)
        .hasMessage("key ck_bbbbbbbbbbbb is revoked: it cannot be rotated");
    assertThat(store.keys().find("ck_dddddddddddd")).isEmpty();
  }

  @Test
  void duplicateIdsAndHashesAreRefused() {
    Store store = open(databases.fresh());
    store.keys().insert(key("ck_aaaaaaaaaaaa", "a", null));
    assertThatThrownBy(() -> store.keys().insert(key("ck_aaaaaaaaaaaa", "b", null)))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot store key ck_aaaaaaaaaaaa in " + store.location());
    assertThatThrownBy(() -> store.keys().insert(key("ck_bbbbbbbbbbbb", "a", null)))
        .isInstanceOf(StoreException.class);
    assertThat(store.keys().all()).hasSize(1);
  }

  @Test
  void theFirstSecretStoredWinsForEveryone() {
    String location = databases.fresh();
    Store one = open(location);
    Store two = open(location);
    assertThat(one.keys().secret("key_pepper")).isEmpty();
    assertThat(one.keys().secret("key_pepper", "first")).isEqualTo("first");
    assertThat(two.keys().secret("key_pepper", "second")).isEqualTo("first");
    assertThat(two.keys().secret("key_pepper")).contains("first");
    assertThat(two.keys().secret("other", "x")).isEqualTo("x");
  }

  @Test
  void auditRowsComeBackNewestFirstWithEveryField() {
    Store store = open(databases.fresh());
    AuditRow allowed =
        new AuditRow(
            T0,
            "ck_aaaaaaaaaaaa",
            "127.0.0.1:50123",
            "POST",
            "/api/chat",
            "registry.ollama.ai/library/llama3:latest",
            true,
            "allow",
            200,
            26,
            298,
            1_234_567);
    AuditRow refused =
        new AuditRow(
            T0.plusMillis(1),
            null,
            "[::1]:40000",
            "GET",
            "/api/../etc/passwd",
            null,
            false,
            "auth-required",
            401,
            -1,
            -1,
            85);
    AuditRow third =
        new AuditRow(
            T0.plusMillis(2),
            "ck_aaaaaaaaaaaa",
            "127.0.0.1:50124",
            "GET",
            "/api/tags",
            null,
            true,
            "allow",
            200,
            -1,
            -1,
            900);
    store.audit().insert(List.of(allowed, refused));
    store.audit().insert(List.of(third));
    store.audit().insert(List.of());

    assertThat(store.audit().count()).isEqualTo(3);
    assertThat(store.audit().newest(10)).containsExactly(third, refused, allowed);
    assertThat(store.audit().newest(1)).containsExactly(third);
    assertThat(store.audit().newestOfKey("ck_aaaaaaaaaaaa", 10)).containsExactly(third, allowed);
    assertThat(store.audit().newestOfKey("ck_zzzzzzzzzzzz", 10)).isEmpty();
  }

  /**
   * Rows that differ in every field but the time, which is the same for all: newest() then orders
   * them by id alone, that is by the order in which they were stored.
   */
  private static List<AuditRow> auditRows(int first, int count) {
    List<AuditRow> rows = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      rows.add(
          new AuditRow(
              T0,
              i % 4 == 0 ? null : "ck_" + Integer.toString(100_000_000 + i, 32),
              "127.0.0.1:" + (40_000 + i),
              i % 2 == 0 ? "POST" : "GET",
              "/api/chat/" + i,
              i % 5 == 0 ? null : "registry.ollama.ai/library/m" + i + ":latest",
              i % 3 != 0,
              "rule-" + i,
              200 + i % 300,
              i % 7 == 0 ? -1 : 10L * i,
              i % 7 == 0 ? -1 : 20L * i + 1,
              1_000_000L + i));
    }
    return rows;
  }

  private static List<AuditRow> newestFirst(List<AuditRow> rows) {
    return rows.reversed();
  }

  @Test
  void batchesOfEverySizeAreStoredWholeAndInOrder() {
    Store store = open(databases.fresh());
    // Sizes around the writer's statements of 100, 10 and 1 rows: exactly one of each, one short
    // of each, hundreds with tens and ones left over, and the gateway's full batch of 500.
    int[] sizes = {1, 9, 10, 11, 99, 100, 101, 110, 537, 500};
    List<AuditRow> all = new ArrayList<>();
    for (int size : sizes) {
      List<AuditRow> batch = auditRows(all.size(), size);
      store.audit().insert(batch);
      all.addAll(batch);
      assertThat(store.audit().count()).as("after a batch of %d", size).isEqualTo(all.size());
      assertThat(store.audit().newest(size))
          .as("a batch of %d", size)
          .containsExactlyElementsOf(newestFirst(batch));
    }
    assertThat(store.audit().newest(all.size())).containsExactlyElementsOf(newestFirst(all));
  }

  @Test
  void aWriterKeepsWritingBatchAfterBatchAndAfterRelease() {
    Store store = open(databases.fresh());
    List<AuditRow> all = new ArrayList<>();
    try (AuditWriter writer = store.audit().writer()) {
      for (int size : new int[] {500, 500, 37, 1, 100, 263}) {
        List<AuditRow> batch = auditRows(all.size(), size);
        writer.insert(batch);
        all.addAll(batch);
        if (size == 37) {
          writer.release();
        }
      }
      writer.insert(List.of());
    }
    assertThat(store.audit().newest(all.size())).containsExactlyElementsOf(newestFirst(all));
  }

  @Test
  void aBatchWithOneBadRowStoresNoneAndTheWriterGoesOn() throws Exception {
    String location = databases.fresh();
    Store store = open(location);
    List<AuditRow> before = auditRows(0, 3);
    store.audit().insert(before);
    // Made to fail on purpose: no two rows may have the same latency.
    try (Connection c = databases.connect(location);
        Statement s = c.createStatement()) {
      s.execute("CREATE UNIQUE INDEX audit_log_test_unique ON audit_log (latency_micros)");
    }
    try (AuditWriter writer = store.audit().writer()) {
      // The bad row sits in each part of a 537-row batch in turn: in a statement of 100 rows, of 10
      // rows, of one row; and it collides with a row stored before or with one of its own batch.
      for (int bad : new int[] {0, 250, 499, 500, 525, 530, 536}) {
        List<AuditRow> batch = new ArrayList<>(auditRows(100, 537));
        AuditRow twin = bad % 2 == 0 ? before.get(1) : batch.get(bad == 0 ? 1 : bad - 1);
        batch.set(bad, withLatency(batch.get(bad), twin.latencyMicros()));
        assertThatThrownBy(() -> writer.insert(batch))
            .as("bad row at %d", bad)
            .isInstanceOf(StoreException.class)
            .hasMessageStartingWith("cannot write 537 audit records in " + store.location());
        assertThat(store.audit().count()).as("bad row at %d", bad).isEqualTo(3);
      }
      List<AuditRow> good = auditRows(100, 537);
      writer.insert(good);
      List<AuditRow> all = new ArrayList<>(before);
      all.addAll(good);
      assertThat(store.audit().newest(1000)).containsExactlyElementsOf(newestFirst(all));
    }
  }

  private static AuditRow withLatency(AuditRow r, long latencyMicros) {
    return changed(r, r.time(), latencyMicros);
  }

  /** {@code r} with another time and latency. */
  private static AuditRow changed(AuditRow r, java.time.Instant time, long latencyMicros) {
    return new AuditRow(
        time,
        r.keyId(),
        r.client(),
        r.method(),
        r.route(),
        r.model(),
        r.allowed(),
        r.rule(),
        r.status(),
        r.promptTokens(),
        r.evalTokens(),
        latencyMicros);
  }

  @Test
  void theMigrationMakesTheIndexesTheQueriesUse() throws Exception {
    String location = databases.fresh();
    open(location);
    try (Connection c = databases.connect(location);
        ResultSet indexes = c.getMetaData().getIndexInfo(null, null, "audit_log", false, false)) {
      List<String> names = new ArrayList<>();
      while (indexes.next()) {
        String name = indexes.getString("INDEX_NAME");
        if (name != null) {
          names.add(name.toLowerCase(java.util.Locale.ROOT));
        }
      }
      // One index: the time index cost the writer more than its one reader could save.
      assertThat(names).contains("audit_log_by_key").doesNotContain("audit_log_by_time");
    }
  }

  @Test
  void theNewestRowsAreTheOnesStoredLastWhateverTheirTime() {
    Store store = open(databases.fresh());
    // A long stream began first and ended last: its row is stored after the short requests that
    // arrived while it ran, and it is the newest, though its time is the oldest.
    List<AuditRow> shortOnes = auditRows(0, 3);
    AuditRow stream = changed(auditRows(3, 1).getFirst(), T0.minusSeconds(90), 1_000_003L);
    store.audit().insert(shortOnes);
    store.audit().insert(List.of(stream));

    assertThat(store.audit().newest(2)).containsExactly(stream, shortOnes.get(2));
    assertThat(store.audit().newestOfKey(stream.keyId(), 5)).containsExactly(stream);
    assertThat(store.audit().newestOfKey(shortOnes.get(1).keyId(), 5))
        .containsExactly(shortOnes.get(1));
  }
}
