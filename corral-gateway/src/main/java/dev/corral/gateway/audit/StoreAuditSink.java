package dev.corral.gateway.audit;

import dev.corral.store.AuditRow;
import dev.corral.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes audit events to the store's {@code audit_log}: {@link #record} puts the event in a bounded
 * queue and returns at once (the event loop never waits for the database); one background thread
 * takes what has queued up and inserts it in batches of up to {@value #BATCH_SIZE} in one
 * transaction (through an {@link AuditBatchWriter}, which keeps one store connection while events
 * keep coming and gives it back after a quiet tenth of a second). When the queue is full (the
 * database is slower than the traffic, or down), the event is dropped and counted ({@link
 * #dropped()}); a batch the database refuses is counted in {@link #failed()}. {@link #close()}
 * writes everything queued before it returns.
 */
public final class StoreAuditSink implements AuditSink {
  /** Rows per insert transaction, at most. */
  public static final int BATCH_SIZE = 500;

  /** Events that may wait for the writer. */
  public static final int QUEUE_CAPACITY = 65_536;

  /**
   * How long the writer lets events gather after a batch that was not full. Without it, under load
   * the writer wakes (and the event loop unparks it) for nearly every event, one context switch and
   * one transaction each; with it, at most 20 transactions a second, each holding up to {@value
   * #BATCH_SIZE} rows. A record reaches the database at most this much later.
   */
  static final long LINGER_MILLIS = 50;

  /** What a field holding a key is stored as. */
  public static final String WITHHELD = "(withheld: held an API key)";

  private final Store store;
  private final BlockingQueue<AuditEvent> queue;
  private final Thread writer;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean closing;

  /** A sink writing to {@code store}; its writer thread starts at once. */
  public StoreAuditSink(Store store) {
    this(store, QUEUE_CAPACITY);
  }

  StoreAuditSink(Store store, int capacity) {
    this.store = Objects.requireNonNull(store, "store");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "corral-audit-store");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void record(AuditEvent event) {
    if (closing || !queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  /** Events stored so far. */
  public long written() {
    return written.get();
  }

  /** Events dropped because the queue was full or the sink closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Events lost because the database refused their batch. */
  public long failed() {
    return failed.get();
  }

  /** Events waiting for the writer. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    List<AuditEvent> batch = new ArrayList<>(BATCH_SIZE);
    // Keeps its connection while events keep coming; gives it back after a quiet poll.
    try (AuditBatchWriter out = new AuditBatchWriter(store)) {
      while (true) {
        try {
          AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            out.release();
            if (closing) {
              return;
            }
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, BATCH_SIZE - 1);
          boolean full = batch.size() == BATCH_SIZE;
          write(out, batch);
          batch.clear();
          if (!full && !closing) {
            Thread.sleep(LINGER_MILLIS);
          }
        } catch (RuntimeException e) {
          // Never let the writer die: the events it held are counted as lost, the rest go on.
          failed.addAndGet(batch.size());
          batch.clear();
        } catch (InterruptedException e) {
          // Only close() interrupts, and it drains the rest itself.
          return;
        }
      }
    }
  }

  private void write(AuditBatchWriter out, List<AuditEvent> batch) {
    int stored;
    try {
      stored = out.write(batch);
    } catch (RuntimeException e) {
      // The gateway keeps serving; the loss is visible in failed() (and the metrics).
      failed.addAndGet(batch.size());
      return;
    }
    written.addAndGet(stored);
    failed.addAndGet(batch.size() - stored);
  }

  /**
   * The row for an event. Text fields are cut to a bounded length, so that a client sending huge
   * paths or methods cannot make the log grow faster than its request count.
   */
  static AuditRow row(AuditEvent e) {
    return row(e, new KeyFreeTexts());
  }

  /**
   * {@link #row(AuditEvent)} with the key checks remembered in {@code checked}. The gateway's
   * handler already leaves key-shaped paths and model names out of its events, but an event is a
   * public record that any code can build, so the sink checks again; remembering the few texts that
   * repeat keeps that second check from costing a scan per event.
   */
  static AuditRow row(AuditEvent e, KeyFreeTexts checked) {
    return new AuditRow(
        e.time(),
        cut(e.keyId(), 40),
        cut(e.client(), 64),
        cut(e.method(), 32),
        withheld(cut(e.route(), 200), checked),
        withheld(cut(e.model(), 300), checked),
        e.allowed(),
        cut(e.rule(), 100),
        e.status(),
        e.promptTokens(),
        e.evalTokens(),
        e.latencyMicros());
  }

  /**
   * A client that puts its key in the path (or a model name) would otherwise have it written to the
   * log; the field is replaced whole, since a key cut by the length limit is still a secret.
   */
  private static String withheld(String text, KeyFreeTexts checked) {
    return checked.mayHoldKey(text) ? WITHHELD : text;
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  /**
   * Stops taking events and writes every queued one before returning. Call before closing the
   * store.
   */
  @Override
  public void close() {
    closing = true;
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    // Events that raced with closing=true are still in the queue; write them here.
    List<AuditEvent> rest = new ArrayList<>(BATCH_SIZE);
    try (AuditBatchWriter out = new AuditBatchWriter(store)) {
      while (queue.drainTo(rest, BATCH_SIZE) > 0) {
        write(out, rest);
        rest.clear();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
