package dev.corral.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IntervalSetTest {

  @Test
  void mergesOverlappingAndAdjacentIntervals() {
    IntervalSet set =
        IntervalSet.builder().add(10, 20).add(21, 25).add(5, 12).add(40, 40).add(0, 0).build();
    assertThat(set.intervalCount()).isEqualTo(3);
    assertThat(set.size()).isEqualTo(1 + 21 + 1);
    assertThat(set.first(1)).isEqualTo(5);
    assertThat(set.last(1)).isEqualTo(25);
  }

  @Test
  void indexesAcrossIntervals() {
    IntervalSet set = IntervalSet.builder().add(10, 12).add(20, 20).add(30, 31).build();
    List<Long> all = new ArrayList<>();
    for (long i = 0; i < set.size(); i++) {
      all.add(set.at(i));
    }
    assertThat(all).containsExactly(10L, 11L, 12L, 20L, 30L, 31L);
    assertThatThrownBy(() -> set.at(6)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void handlesTheWholeAddressSpace() {
    IntervalSet all = IntervalSet.of(0, Ipv4Text.MAX);
    assertThat(all.size()).isEqualTo(1L << 32);
    assertThat(all.at((1L << 32) - 1)).isEqualTo(Ipv4Text.MAX);
    IntervalSet holes = all.minus(ReservedRanges.ipv4());
    assertThat(holes).hasToString("[1.0.0.0-223.255.255.255]");
    assertThat(holes.contains(Ipv4Text.parse("127.0.0.1"))).isTrue();
    assertThat(holes.contains(Ipv4Text.parse("224.0.0.1"))).isFalse();
  }

  @Test
  void minusAgreesWithAPlainSetOnRandomInput() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      IntervalSet.Builder a = IntervalSet.builder();
      IntervalSet.Builder b = IntervalSet.builder();
      TreeSet<Long> expectedA = new TreeSet<>();
      TreeSet<Long> expectedB = new TreeSet<>();
      for (int i = 0; i < 6; i++) {
        long start = random.nextInt(100);
        long end = start + random.nextInt(10);
        a.add(start, end);
        for (long x = start; x <= end; x++) {
          expectedA.add(x);
        }
        start = random.nextInt(100);
        end = start + random.nextInt(10);
        b.add(start, end);
        for (long x = start; x <= end; x++) {
          expectedB.add(x);
        }
      }
      IntervalSet difference = a.build().minus(b.build());
      TreeSet<Long> expected = new TreeSet<>(expectedA);
      expected.removeAll(expectedB);
      List<Long> actual = new ArrayList<>();
      for (long i = 0; i < difference.size(); i++) {
        actual.add(difference.at(i));
      }
      assertThat(actual).containsExactlyElementsOf(expected);
      IntervalSet union = a.build().union(b.build());
      TreeSet<Long> expectedUnion = new TreeSet<>(expectedA);
      expectedUnion.addAll(expectedB);
      assertThat(union.size()).isEqualTo(expectedUnion.size());
      for (long x = 0; x < 115; x++) {
        assertThat(union.contains(x)).isEqualTo(expectedUnion.contains(x));
      }
    }
  }
}
