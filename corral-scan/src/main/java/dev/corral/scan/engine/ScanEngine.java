package dev.corral.scan.engine;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ScanState;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.scan.http.ScanHttpClient;
import dev.corral.scan.record.Enrichment;
import dev.corral.scan.record.RecordBuilder;
import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs host checks over a stream of targets: at most {@code concurrency} at once, at most {@code
 * rate} started per second, each finished record handed to the sink as soon as it is ready. The
 * target stream is pulled lazily, so a /8 never sits in memory.
 */
public final class ScanEngine implements AutoCloseable {
  private final ScanSettings settings;
  private final ScanHttpClient client;
  private final HostChecker checker;
  private final RecordBuilder records;
  private final Clock clock;
  private volatile boolean stopping;

  public ScanEngine(
      ScanSettings settings, AdvisoryDatabase advisories, Enrichment enrichment, Clock clock) {
    this.settings = settings;
    this.client =
        new ScanHttpClient(
            settings.client(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    this.records = new RecordBuilder(advisories, enrichment);
    this.checker = new HostChecker(client, records, settings.check(), clock);
    this.clock = clock;
  }

  public RecordBuilder records() {
    return records;
  }

  /**
   * Checks every target and returns when all are done or {@link #stop()} was called (then the
   * checks in flight still finish and reach the sink).
   *
   * @param sink receives every target with its record, from several threads; must be thread-safe
   */
  public ScanProgress run(
      Iterator<ScanTarget> targets, BiConsumer<ScanTarget, HostRecord> sink, ScanProgress progress)
      throws InterruptedException {
    Semaphore slots = new Semaphore(settings.concurrency());
    RateLimiter rate = new RateLimiter(settings.rate());
    while (!stopping && targets.hasNext()) {
      ScanTarget target = targets.next();
      slots.acquire();
      rate.acquire();
      progress.started.incrementAndGet();
      var unused =
          checker
              .check(target)
              .whenComplete(
                  (record, error) -> {
                    try {
                      HostRecord r =
                          record != null
                              ? record
                              : records.unreached(target, ScanState.ERROR, clock.instant());
                      count(progress, r);
                      sink.accept(target, r);
                    } finally {
                      slots.release();
                    }
                  });
    }
    // Wait for the checks in flight: each is bounded by the host deadline.
    long deadline = settings.client().hostDeadline().toMillis() + 5_000;
    if (!slots.tryAcquire(settings.concurrency(), deadline, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("host checks did not finish within " + deadline + " ms");
    }
    slots.release(settings.concurrency());
    return progress;
  }

  private static void count(ScanProgress progress, HostRecord r) {
    progress.done.incrementAndGet();
    if (r.state() == ScanState.OPEN) {
      progress.open.incrementAndGet();
    }
    if (r.ollama()) {
      progress.ollama.incrementAndGet();
    }
    if (r.exposed()) {
      progress.exposed.incrementAndGet();
    }
  }

  /** Stops taking new targets; {@link #run} returns once the checks in flight are done. */
  public void stop() {
    stopping = true;
  }

  public boolean stopped() {
    return stopping;
  }

  @Override
  public void close() {
    client.close();
  }
}
