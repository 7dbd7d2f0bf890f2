package dev.corral.scan.job;

import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.target.Checkpoint;
import dev.corral.scan.target.Target;
import dev.corral.scan.target.TargetGenerator;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Targets from a target space, in the generator's order; positions make the scan resumable. */
final class GeneratedTargets implements TargetSource {
  private final TargetGenerator generator;
  private final AtomicLong unresolved = new AtomicLong();

  GeneratedTargets(TargetGenerator generator) {
    this.generator = generator;
  }

  @Override
  public Iterator<ScanTarget> targets(PositionTracker positions) {
    Iterator<Long> indexes =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return generator.hasNext();
          }

          @Override
          public Long next() {
            return generator.position();
          }
        };
    return new SkippingIterator<>(
        indexes,
        position -> {
          Target t = generator.next();
          Optional<ScanTarget> resolved = TargetResolver.resolve(t, null, position);
          if (resolved.isPresent()) {
            positions.started(position);
          } else {
            unresolved.incrementAndGet();
          }
          return resolved;
        });
  }

  @Override
  public long total() {
    return generator.size();
  }

  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public Optional<Checkpoint> checkpoint(long position) {
    return Optional.of(generator.checkpoint().at(position));
  }

  @Override
  public Optional<String> problems() {
    long n = unresolved.get();
    return n == 0
        ? Optional.empty()
        : Optional.of(
            "  " + n + " host name" + (n == 1 ? "" : "s") + " did not resolve and were skipped.");
  }
}
