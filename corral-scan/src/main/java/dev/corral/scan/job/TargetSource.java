package dev.corral.scan.job;

import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.source.CandidateReader;
import dev.corral.scan.target.Checkpoint;
import dev.corral.scan.target.Exclusions;
import dev.corral.scan.target.TargetGenerator;
import java.util.Iterator;
import java.util.Optional;

/**
 * Where a scan's targets come from: a generated target space (ordered, resumable) or another tool's
 * candidates (read once). Either way they arrive resolved and lazily.
 */
public interface TargetSource {
  /** The targets, resolved; names that do not resolve are skipped and counted. */
  Iterator<ScanTarget> targets(PositionTracker positions);

  /** How many targets there are, or -1 when unknown in advance. */
  long total();

  boolean resumable();

  /** A checkpoint at this position, for resumable sources. */
  Optional<Checkpoint> checkpoint(long position);

  /** What went wrong reading the source, for the summary. */
  Optional<String> problems();

  static TargetSource generated(TargetGenerator generator) {
    return new GeneratedTargets(generator);
  }

  static TargetSource candidates(CandidateReader reader, Exclusions exclusions) {
    return new CandidateTargets(reader, exclusions);
  }
}
