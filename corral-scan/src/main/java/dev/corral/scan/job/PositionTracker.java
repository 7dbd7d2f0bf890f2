package dev.corral.scan.job;

import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Knows which target positions are still being checked, so a checkpoint can name the lowest
 * position whose check has not finished: resuming there repeats at most the checks that were in
 * flight, and skips nothing.
 */
public final class PositionTracker {
  private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
  private volatile long produced;

  public void started(long position) {
    inFlight.add(position);
    produced = Math.max(produced, position + 1);
  }

  public void finished(long position) {
    inFlight.remove(position);
  }

  /** Where a resumed scan must start. */
  public long safeResumePosition() {
    Long lowest = inFlight.isEmpty() ? null : inFlight.first();
    return lowest != null ? lowest : produced;
  }
}
