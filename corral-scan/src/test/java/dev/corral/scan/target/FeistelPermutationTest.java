package dev.corral.scan.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeistelPermutationTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 7, 16, 17, 100, 1000, 4097, 65_537, 300_000})
  void visitsEveryIndexExactlyOnce(long size) {
    for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
      FeistelPermutation permutation = new FeistelPermutation(size, seed);
      BitSet seen = new BitSet((int) size);
      for (long i = 0; i < size; i++) {
        long j = permutation.apply(i);
        assertThat(j).isBetween(0L, size - 1);
        assertThat(seen.get((int) j)).as("seed %d size %d: %d seen twice", seed, size, j).isFalse();
        seen.set((int) j);
      }
      assertThat(seen.cardinality()).isEqualTo((int) size);
    }
  }

  @Test
  void theSeedChangesTheOrderAndFixesIt() {
    FeistelPermutation a = new FeistelPermutation(1_000_000, 1);
    FeistelPermutation again = new FeistelPermutation(1_000_000, 1);
    FeistelPermutation b = new FeistelPermutation(1_000_000, 2);
    int same = 0;
    for (long i = 0; i < 1000; i++) {
      assertThat(a.apply(i)).isEqualTo(again.apply(i));
      if (a.apply(i) == b.apply(i)) {
        same++;
      }
    }
    assertThat(same).isLessThan(10);
  }

  @Test
  void theOrderIsShuffledNotSequential() {
    FeistelPermutation permutation = new FeistelPermutation(1L << 24, 99);
    int ascending = 0;
    long previous = permutation.apply(0);
    for (long i = 1; i < 10_000; i++) {
      long next = permutation.apply(i);
      if (next == previous + 1) {
        ascending++;
      }
      previous = next;
    }
    assertThat(ascending).isLessThan(10);
  }

  @Test
  void hugeDomainsWork() {
    FeistelPermutation permutation = new FeistelPermutation(FeistelPermutation.MAX_SIZE, 5);
    assertThat(permutation.apply(FeistelPermutation.MAX_SIZE - 1))
        .isBetween(0L, FeistelPermutation.MAX_SIZE - 1);
    FeistelPermutation odd = new FeistelPermutation(7_000_000_000L * 3, 5);
    assertThat(odd.apply(12345)).isBetween(0L, 7_000_000_000L * 3 - 1);
  }
}
