package dev.corral.scan.job;

import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.source.Candidate;
import dev.corral.scan.source.CandidateReader;
import dev.corral.scan.target.Checkpoint;
import dev.corral.scan.target.Exclusions;
import dev.corral.scan.target.TargetGenerator;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Supplier;

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

  /** Candidates from a file, with the reader's format and problems in the summary. */
  static TargetSource candidates(CandidateReader reader, Exclusions exclusions) {
    return new CandidateTargets(
        reader,
        () ->
            reader.describe()
                + (reader.problems().count() > 0
                    ? ".\n  " + reader.problems().summary(reader.file().toString())
                    : ""),
        exclusions);
  }

  /** Candidates from any other source, such as a search API. */
  static TargetSource candidates(
      Iterator<Candidate> candidates, Supplier<String> describe, Exclusions exclusions) {
    return new CandidateTargets(candidates, describe, exclusions);
  }
}
