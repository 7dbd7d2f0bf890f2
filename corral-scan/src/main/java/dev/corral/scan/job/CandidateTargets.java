package dev.corral.scan.job;

import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.record.Enrichment;
import dev.corral.scan.source.Candidate;
import dev.corral.scan.source.CandidateReader;
import dev.corral.scan.target.Checkpoint;
import dev.corral.scan.target.Exclusions;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Targets from another tool's output, read once, with what the source said about each. */
final class CandidateTargets implements TargetSource {
  private final CandidateReader reader;
  private final Exclusions exclusions;
  private final AtomicLong excluded = new AtomicLong();
  private final AtomicLong unresolved = new AtomicLong();

  CandidateTargets(CandidateReader reader, Exclusions exclusions) {
    this.reader = reader;
    this.exclusions = exclusions;
  }

  @Override
  public Iterator<ScanTarget> targets(PositionTracker positions) {
    return new SkippingIterator<>(
        reader,
        (Candidate c) -> {
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
    StringBuilder text = new StringBuilder("  Source: ").append(reader.describe()).append('.');
    if (excluded.get() > 0) {
      text.append("\n  ").append(excluded.get()).append(" candidates were excluded.");
    }
    if (unresolved.get() > 0) {
      text.append("\n  ")
          .append(unresolved.get())
          .append(" host names did not resolve and were skipped.");
    }
    if (reader.problems().count() > 0) {
      text.append("\n  ").append(reader.problems().summary(reader.file().toString()));
    }
    return Optional.of(text.toString());
  }
}
