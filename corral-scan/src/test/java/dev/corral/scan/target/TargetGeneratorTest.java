package dev.corral.scan.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TargetGeneratorTest {

  private static TargetSpace mixed() {
    return Spaces.of(
        PortList.parse("11434,8080"),
        "127.0.0.0/26",
        "127.0.1.1-127.0.1.9",
        "127.0.2.1:9000",
        "[::1]:11434",
        "fd00::/126",
        "localhost",
        "https://lab.example:8443/");
  }

  private static List<Target> drain(TargetGenerator generator) {
    List<Target> out = new ArrayList<>();
    generator.forEachRemaining(out::add);
    return out;
  }

  @Test
  void yieldsEveryTargetOnceInAShuffledOrder() {
    TargetSpace space = mixed();
    assertThat(space.size()).isEqualTo((64 + 9) * 2 + 1 + 1 + 4 * 2 + 2 + 1);
    List<Target> canonical = Spaces.list(space);
    List<Target> shuffled = drain(space.generator(42, Shard.ALL));
    assertThat(shuffled).hasSize(canonical.size()).containsExactlyInAnyOrderElementsOf(canonical);
    assertThat(shuffled).isNotEqualTo(canonical);
  }

  @Test
  void theSeedFixesTheOrder() {
    TargetSpace space = mixed();
    assertThat(drain(space.generator(7, Shard.ALL)))
        .isEqualTo(drain(space.generator(7, Shard.ALL)));
    assertThat(drain(space.generator(7, Shard.ALL)))
        .isNotEqualTo(drain(space.generator(8, Shard.ALL)));
  }

  @Test
  void shardsAreDisjointAndCoverTheSpace() {
    TargetSpace space = mixed();
    for (int count : new int[] {1, 2, 3, 4, 7, 500}) {
      Set<Target> union = new HashSet<>();
      long total = 0;
      for (int index = 1; index <= count; index++) {
        TargetGenerator generator = space.generator(1234, new Shard(index, count));
        List<Target> part = drain(generator);
        assertThat(part).hasSize((int) generator.size());
        total += part.size();
        union.addAll(part);
      }
      assertThat(total).as("%d shards", count).isEqualTo(space.size());
      assertThat(union).as("%d shards", count).hasSize((int) space.size());
    }
  }

  @Test
  void resumesFromAPosition() {
    TargetSpace space = mixed();
    TargetGenerator first = space.generator(3, new Shard(2, 3));
    List<Target> all = drain(space.generator(3, new Shard(2, 3)));
    List<Target> before = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      before.add(first.next());
    }
    assertThat(first.position()).isEqualTo(20);
    TargetGenerator resumed = space.generator(3, new Shard(2, 3));
    resumed.startAt(first.position());
    List<Target> after = drain(resumed);
    before.addAll(after);
    assertThat(before).isEqualTo(all);
    assertThat(resumed.hasNext()).isFalse();
    resumed.startAt(resumed.size());
    assertThat(resumed.hasNext()).isFalse();
    assertThatThrownBy(() -> resumed.startAt(resumed.size() + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theWholeInternetStartsAtOnce() {
    // Materialising 0.0.0.0/0 × 2 ports would need 7.5 billion targets: this must not list them.
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          TargetSpace space = Spaces.of(PortList.parse("11434,8080"), "0.0.0.0/0");
          TargetGenerator generator = space.generator(1, new Shard(3, 8));
          assertThat(generator.size()).isEqualTo((space.size() - 2 + 7) / 8);
          Set<Target> first = new HashSet<>();
          for (int i = 0; i < 10_000; i++) {
            first.add(generator.next());
          }
          assertThat(first).hasSize(10_000);
          generator.startAt(generator.size() - 1);
          assertThat(generator.next().host()).isNotNull();
          assertThat(generator.hasNext()).isFalse();
        });
  }

  @Test
  void aSlashEightIteratesInFlatMemory() {
    TargetSpace space = Spaces.of(PortList.parse("11434,8080"), "10.0.0.0/8");
    TargetGenerator generator = space.generator(99, Shard.ALL);
    assertThat(generator.size()).isEqualTo(2L << 24);
    Runtime runtime = Runtime.getRuntime();
    long checksum = 0;
    long baseline = 0;
    for (int i = 0; i < 3_000_000; i++) {
      Target target = generator.next();
      checksum += target.port();
      if (i == 200_000) {
        System.gc();
        baseline = runtime.totalMemory() - runtime.freeMemory();
      }
    }
    System.gc();
    long used = runtime.totalMemory() - runtime.freeMemory();
    // Retaining 2.8 million targets would take well over 100 MB.
    assertThat(used - baseline).isLessThan(64L << 20);
    assertThat(checksum).isPositive();
    assertThat(generator.position()).isEqualTo(3_000_000);
  }

  @Test
  void emptySpaces() {
    TargetSpace space = TargetSpace.builder().build();
    assertThat(space.isEmpty()).isTrue();
    TargetGenerator generator = space.generator(1, new Shard(2, 2));
    assertThat(generator.size()).isZero();
    assertThat(generator.hasNext()).isFalse();
    assertThat(Spaces.of("127.0.0.1").generator(1, new Shard(2, 2)).size()).isZero();
  }

  @Test
  void shardSyntax() {
    assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
    assertThat(Shard.parse("2/4")).hasToString("2/4");
    assertThatThrownBy(() -> Shard.parse("5/4"))
        .isInstanceOf(TargetSyntaxException.class)
        .hasMessage("--shard ('5/4'): shard 5 is out of range: shards are numbered 1 to 4");
    assertThatThrownBy(() -> Shard.parse("0/4"))
        .hasMessage("--shard ('0/4'): shard 0 is out of range: shards are numbered 1 to 4");
    assertThatThrownBy(() -> Shard.parse("2"))
        .hasMessage("--shard ('2'): expected I/N, e.g. 2/4 for the second of four");
    assertThatThrownBy(() -> Shard.parse("a/4"))
        .hasMessage("--shard ('a/4'): 'a' is not a whole number; expected I/N, e.g. 2/4");
    assertThatThrownBy(() -> Shard.parse("1/0"))
        .hasMessage("--shard ('1/0'): the shard count must be at least 1");
  }
}
