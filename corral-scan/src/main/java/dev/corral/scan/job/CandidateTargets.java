package dev.corral.scan.job;

import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.record.Enrichment;
import dev.corral.scan.source.Candidate;
import dev.corral.scan.target.Checkpoint;
import dev.corral.scan.target.Exclusions;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Targets from another tool's output, read once, with what the source said about each; a service
 * the source lists more than once is taken the first time only.
 */
final class CandidateTargets implements TargetSource {
  private final Iterator<Candidate> candidates;
  private final Supplier<String> describe;
  private final Exclusions exclusions;
  private final AtomicLong excluded = new AtomicLong();
  private final AtomicLong unresolved = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final SeenTargets seen = new SeenTargets();

  CandidateTargets(
      Iterator<Candidate> candidates, Supplier<String> describe, Exclusions exclusions) {
    this.candidates = candidates;
    this.describe = describe;
    this.exclusions = exclusions;
  }

  @Override
  public Iterator<ScanTarget> targets(PositionTracker positions) {
    return new SkippingIterator<>(
        candidates,
        (Candidate c) -> {
          if (!seen.firstTime(c.target())) {
            duplicates.incrementAndGet();
            return Optional.empty();
          }
          if (exclusions.excludes(c.target())) {
            excluded.incrementAndGet();
            return Optional.empty();
          }
          Enrichment.Place hint = new Enrichment.Place(c.country(), c.asn(), c.org());
          Optional<ScanTarget> resolved = TargetResolver.resolve(c.target(), hint, -1);
          if (resolved.isEmpty()) {
            unresolved.incrementAndGet();
          }
          return resolved;
        });
  }

  @Override
  public long total() {
    return -1;
  }

  @Override
  public boolean resumable() {
    return false;
  }

  @Override
  public Optional<Checkpoint> checkpoint(long position) {
    return Optional.empty();
  }

  @Override
  public Optional<String> problems() {
    StringBuilder text = new StringBuilder("  Source: ").append(describe.get()).append('.');
    if (duplicates.get() > 0) {
      text.append("\n  ")
          .append(duplicates.get())
          .append(" repeated candidates (same address, port and scheme) were taken once.");
    }
    if (excluded.get() > 0) {
      text.append("\n  ").append(excluded.get()).append(" candidates were excluded.");
    }
    if (unresolved.get() > 0) {
      text.append("\n  ")
          .append(unresolved.get())
          .append(" host names did not resolve and were skipped.");
    }
    return Optional.of(text.toString());
  }
}
