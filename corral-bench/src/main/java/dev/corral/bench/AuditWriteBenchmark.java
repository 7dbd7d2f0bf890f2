package dev.corral.bench;

import dev.corral.gateway.audit.AuditBatchWriter;
import dev.corral.gateway.audit.AuditEvent;
import dev.corral.store.AuditRow;
import dev.corral.store.AuditWriter;
import dev.corral.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gateway's audit writer pays per request, for a batch of {@value #BATCH} realistic rows
 * (what {@code StoreAuditSink} writes under load) in one transaction into a real SQLite file (WAL,
 * synchronous=NORMAL, as {@code Store.open} makes it) in a temporary directory. Reported per row.
 *
 * <ul>
 *   <li>{@code insert}: {@code store.audit().insert(rows)}, which borrows a connection and prepares
 *       its statements for the one batch.
 *   <li>{@code writerInsert}: the same rows through one {@link AuditWriter} kept from batch to
 *       batch, as the sink's writer thread keeps it under load.
 *   <li>{@code sinkWrite}: what the sink's writer thread does with a batch of events: {@link
 *       AuditBatchWriter#write}, which cuts the text fields, checks route and model for keys and
 *       inserts (each event's model name is its own String, as the handler's parsed ones are).
 * </ul>
 *
 * <p>The table is emptied before every iteration, so that an iteration does not measure a table ten
 * times larger than the first one did. Each batch's rows come 20 ms after the last batch's, as the
 * gateway's do: writing the same times again and again put every row of an index on {@code time}
 * among equal keys and made that index look several times dearer than it is.
 *
 * <p>Run: {@code java -jar corral-bench/target/benchmarks.jar AuditWriteBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuditWriteBenchmark {
  /** The sink's batch size under load. */
  static final int BATCH = 500;

  private static final Instant T0 = Instant.parse("2026-11-27T21:00:00.123456Z");

  private Path dir;
  private Path file;
  private Store store;
  private List<AuditRow> rows;
  private List<AuditEvent> events;
  private AuditWriter writer;
  private AuditBatchWriter sink;
  private long batches;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("corral-bench-audit");
    file = dir.resolve("corral.db");
    store = Store.open(file.toString());
    nextBatch();
    writer = store.audit().writer();
    sink = new AuditBatchWriter(store);
  }

  /** The events the rows were made from. */
  static List<AuditEvent> events(List<AuditRow> rows) {
    List<AuditEvent> out = new ArrayList<>(rows.size());
    for (AuditRow r : rows) {
      out.add(
          new AuditEvent(
              r.time(),
              r.keyId(),
              r.client(),
              r.method(),
              r.route(),
              new String(r.model().toCharArray()),
              r.allowed(),
              r.rule(),
              r.status(),
              r.promptTokens(),
              r.evalTokens(),
              r.latencyMicros()));
    }
    return List.copyOf(out);
  }

  /** The batch after the last one: its rows and the events they were made from. */
  @Setup(Level.Invocation)
  public void nextBatch() {
    rows = rows(T0.plus(20L * batches++, ChronoUnit.MILLIS));
    events = events(rows);
  }

  /**
   * Rows as the gateway writes them for allowed chats from {@code start} on: 40 µs apart, varied
   * ports and latency.
   */
  static List<AuditRow> rows(Instant start) {
    List<AuditRow> out = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      out.add(
          new AuditRow(
              start.plus(40L * i, ChronoUnit.MICROS),
              "ck_8h3kq2m9x7ta",
              "127.0.0.1:" + (54_321 + i % 64),
              "POST",
              "/api/chat",
              "llama3.2:latest",
              true,
              "allow",
              200,
              26 + i % 7,
              298 + i % 113,
              850 + i % 400));
    }
    return List.copyOf(out);
  }

  @Setup(Level.Iteration)
  public void emptyTheTable() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM audit_log");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    writer.close();
    sink.close();
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** For the setup test: rows stored so far. */
  long count() {
    return store.audit().count();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void insert() {
    store.audit().insert(rows);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void writerInsert() {
    writer.insert(rows);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int sinkWrite() {
    return sink.write(events);
  }
}
