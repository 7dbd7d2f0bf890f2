package dev.corral.gateway.audit;

import dev.corral.store.AuditRow;
import dev.corral.store.AuditWriter;
import dev.corral.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns audit events into rows and stores them batch by batch: the work of {@link StoreAuditSink}'s
 * writer thread, apart from its queue. Keeps one store connection between batches ({@link
 * #release()} gives it back while idle) and remembers the route patterns and model names already
 * checked for keys. Not safe for use by several threads.
 */
public final class AuditBatchWriter implements AutoCloseable {
  private final AuditWriter out;
  private final KeyFreeTexts checked = new KeyFreeTexts();
  private final List<AuditRow> rows = new ArrayList<>(StoreAuditSink.BATCH_SIZE);

  /** A writer to {@code store}'s audit log. */
  public AuditBatchWriter(Store store) {
    this.out = store.audit().writer();
  }

  /**
   * Stores a batch in one transaction and returns how many events were stored: all but the
   * malformed ones (an event without its required fields, a bug upstream, is lost alone, not its
   * batch).
   *
   * @throws dev.corral.store.StoreException when the database refused the batch: none of it is
   *     stored
   */
  public int write(List<AuditEvent> batch) {
    rows.clear();
    try {
      for (AuditEvent e : batch) {
        try {
          rows.add(StoreAuditSink.row(e, checked));
        } catch (RuntimeException malformed) {
          // Counted by the caller: the events that are not stored.
        }
      }
      out.insert(rows);
      return rows.size();
    } finally {
      rows.clear();
    }
  }

  /** Gives the store connection back; the next {@link #write} takes one again. */
  public void release() {
    out.release();
  }

  @Override
  public void close() {
    out.close();
  }
}
