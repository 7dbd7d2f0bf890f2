package dev.corral.store;

import dev.corral.core.scan.HostRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Stores one scan's host records as they come, from any number of threads, on one background thread
 * that writes them in batches (one transaction per batch, counters included).
 *
 * <p>The queue is bounded: when the database falls behind, {@link #write} waits, which slows the
 * scan down instead of filling the memory. {@link #close()} writes everything queued before it
 * returns. Every committed batch stays committed, so a scan that is stopped part-way keeps what was
 * written. If a batch cannot be written, the writer stops storing, and the next {@link #write},
 * {@link #flush()} or {@link #close()} throws a {@link StoreException} saying why.
 */
public final class ScanWriter implements AutoCloseable {
  static final int BATCH_SIZE = 500;
  static final int QUEUE_CAPACITY = 10_000;

  /** How often a waiting caller checks that the background thread is still there. */
  private static final long WAKE_MS = 100;

  /** What the background thread takes from the queue. */
  private sealed interface Entry {}

  private record Row(RecordRow row) implements Entry {}

  private record Flush(CountDownLatch done) implements Entry {}

  private record End() implements Entry {}

  private final Database db;
  private final long scanId;
  private final int batchSize;
  private final BlockingQueue<Entry> queue;
  private final Consumer<ScanWriter> onClosed;
  private final AtomicLong written = new AtomicLong();
  private final Thread thread;

  /**
   * Writers hold the read side while they check {@link #closed} and enqueue; close takes the write
   * side to set it. So no record can slip into the queue behind the end marker and be lost.
   */
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

  private boolean closed; // guarded by gate
  private volatile StoreException failure;

  ScanWriter(
      Database db, long scanId, int batchSize, int queueCapacity, Consumer<ScanWriter> onClosed) {
    this.db = db;
    this.scanId = scanId;
    this.batchSize = batchSize;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.onClosed = onClosed;
    this.thread =
        Thread.ofPlatform()
            .name("corral-store-writer-" + scanId)
            // Never keeps the JVM alive by itself; whoever ends the process closes the writer.
            .daemon(true)
            .unstarted(this::run);
  }

  ScanWriter start() {
    thread.start();
    return this;
  }

  /** The scan this writer stores records for. */
  public long scanId() {
    return scanId;
  }

  /**
   * Queues a record; waits while the queue is full. Safe to call from any number of threads.
   *
   * @throws IllegalArgumentException when the record has no ip or scheme (no host key)
   * @throws IllegalStateException after {@link #close()}
   * @throws StoreException when an earlier batch could not be stored
   * @throws InterruptedException when interrupted while waiting; the record is not queued
   */
  public void write(HostRecord record) throws InterruptedException {
    Row row = new Row(RecordRow.of(record));
    gate.readLock().lockInterruptibly();
    try {
      ensureOpen();
      enqueue(row);
    } finally {
      gate.readLock().unlock();
    }
  }

  /**
   * Waits until every record queued before this call is committed.
   *
   * @throws StoreException when a batch could not be stored
   */
  public void flush() throws InterruptedException {
    Flush flush = new Flush(new CountDownLatch(1));
    gate.readLock().lockInterruptibly();
    try {
      ensureOpen();
      enqueue(flush);
    } finally {
      gate.readLock().unlock();
    }
    while (!flush.done().await(WAKE_MS, TimeUnit.MILLISECONDS)) {
      ensureAlive();
    }
    throwIfFailed();
  }

  /** Records committed so far. */
  public long written() {
    return written.get();
  }

  /**
   * Writes everything queued and stops the background thread. Waits for it even when interrupted
   * (the interrupt is kept), because returning early would lose records. Idempotent.
   *
   * @throws StoreException when a batch could not be stored
   */
  @Override
  public void close() {
    boolean first;
    gate.writeLock().lock();
    try {
      first = !closed;
      closed = true;
    } finally {
      gate.writeLock().unlock();
    }
    boolean interrupted = false;
    if (first) {
      End end = new End();
      while (thread.isAlive()) {
        try {
          if (queue.offer(end, WAKE_MS, TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    onClosed.accept(this);
    throwIfFailed();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the writer of scan " + scanId + " is closed");
    }
    throwIfFailed();
  }

  /**
   * Waits for room in the queue. Checks now and then that the background thread still runs, so that
   * a writer that died of an unexpected error cannot leave the scan's threads waiting forever.
   */
  private void enqueue(Entry entry) throws InterruptedException {
    while (!queue.offer(entry, WAKE_MS, TimeUnit.MILLISECONDS)) {
      ensureAlive();
    }
  }

  private void ensureAlive() {
    if (!thread.isAlive()) {
      throwIfFailed();
      throw new StoreException("the writer of scan " + scanId + " stopped unexpectedly");
    }
  }

  private void throwIfFailed() {
    StoreException cause = failure;
    if (cause != null) {
      // A new exception, so the caller's stack shows where it learned of the failure.
      throw new StoreException(cause.getMessage(), cause);
    }
  }

  private void run() {
    try {
      drain();
    } catch (RuntimeException | Error e) {
      failure = new StoreException("the writer of scan " + scanId + " stopped: " + e, e);
      throw e;
    }
  }

  private void drain() {
    List<Entry> taken = new ArrayList<>(batchSize);
    List<RecordRow> rows = new ArrayList<>(batchSize);
    boolean end = false;
    while (!end) {
      try {
        taken.add(queue.take());
      } catch (InterruptedException e) {
        // Nobody but the JVM interrupts this thread; stopping would strand queued records.
        continue;
      }
      queue.drainTo(taken, batchSize - 1);
      for (Entry entry : taken) {
        switch (entry) {
          case Row row -> rows.add(row.row());
          case Flush flush -> {
            store(rows);
            flush.done().countDown();
          }
          case End done -> end = true;
        }
      }
      store(rows);
      taken.clear();
    }
  }

  /** Commits one batch, or drops it after a failure so that waiting writers are let through. */
  private void store(List<RecordRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    if (failure == null) {
      try {
        insert(rows);
        written.addAndGet(rows.size());
      } catch (SQLException | RuntimeException e) {
        failure =
            e instanceof StoreException store
                ? store
                : db.failure("store the records of scan " + scanId, e);
      }
    }
    rows.clear();
  }

  private void insert(List<RecordRow> rows) throws SQLException {
    long open = 0;
    long ollama = 0;
    long exposed = 0;
    for (RecordRow row : rows) {
      open += row.open() ? 1 : 0;
      ollama += row.record().ollama() ? 1 : 0;
      exposed += row.record().exposed() ? 1 : 0;
    }
    try (Connection connection = db.pool().getConnection()) {
      connection.setAutoCommit(false);
      try {
        // The counter update comes first: it takes SQLite's write lock at once, and it tells
        // whether the scan still exists.
        if (!ScanTable.addCounts(connection, scanId, rows.size(), open, ollama, exposed)) {
          throw db.noSuchScan(scanId);
        }
        try (PreparedStatement insert = connection.prepareStatement(RecordRow.INSERT)) {
          for (RecordRow row : rows) {
            row.bind(insert, db.dialect(), scanId);
            insert.addBatch();
          }
          insert.executeBatch();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }
}
