package dev.corral.scan.target;

import java.security.SecureRandom;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * This shard's targets in a seeded pseudo-random order, one at a time: local index {@code k} →
 * shard position {@code (i-1) + k·N} → {@link FeistelPermutation} → {@link TargetSpace#at(long)}.
 * Memory does not depend on the number of targets.
 *
 * <p>The whole state is {@link #position()}, the number of targets handed out; save it (see {@link
 * Checkpoint}) and {@link #startAt(long)} continues from there. Not thread-safe: one thread feeds
 * the probes.
 */
public final class TargetGenerator implements Iterator<Target> {
  private final TargetSpace space;
  private final long seed;
  private final Shard shard;
  private final FeistelPermutation permutation;
  private final long size;
  private long position;

  TargetGenerator(TargetSpace space, long seed, Shard shard) {
    this.space = space;
    this.seed = seed;
    this.shard = shard;
    this.permutation = new FeistelPermutation(space.size(), seed);
    this.size = shard.sizeOf(space.size());
  }

  /** A seed for when the user gives none; record it in the checkpoint to resume. */
  public static long randomSeed() {
    return new SecureRandom().nextLong();
  }

  public TargetSpace space() {
    return space;
  }

  public long seed() {
    return seed;
  }

  public Shard shard() {
    return shard;
  }

  /** Number of targets in this shard. */
  public long size() {
    return size;
  }

  /** Number of targets handed out so far, which is the index of the next one. */
  public long position() {
    return position;
  }

  /** Continues from a saved {@link #position()}; {@code size()} means "finished". */
  public void startAt(long index) {
    if (index < 0 || index > size) {
      throw new IllegalArgumentException(
          "position " + index + " is outside this shard's " + size + " targets");
    }
    position = index;
  }

  /** The target at this shard's {@code index}th place, without moving. */
  public Target at(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("target " + index + " of " + size + " in this shard");
    }
    return space.at(permutation.apply(shard.globalPosition(index)));
  }

  @Override
  public boolean hasNext() {
    return position < size;
  }

  @Override
  public Target next() {
    if (position >= size) {
      throw new NoSuchElementException("all " + size + " targets handed out");
    }
    Target target = at(position);
    position++;
    return target;
  }

  /** The remaining targets as a lazy, sequential stream that advances this generator. */
  public Stream<Target> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** The state to save now; {@code position} is the next target to hand out. */
  public Checkpoint checkpoint() {
    return new Checkpoint(
        Checkpoint.FORMAT, seed, shard.toString(), space.fingerprint(), position, size);
  }
}
