package dev.corral.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SqliteTimeTest {

  @Test
  void agreesWithThePatternEverywhere() {
    SplittableRandom random = new SplittableRandom(27);
    long max = Instant.parse("9999-12-31T23:59:59.999999999Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(0, max + 1), random.nextInt(1_000_000_000));
      assertThat(SqliteTime.format(t)).as("%s", t).isEqualTo(SqliteTime.formatSlowly(t));
    }
  }

  @Test
  void aWritersFormatterAgreesWhetherTheSecondRepeatsOrNot() {
    SplittableRandom random = new SplittableRandom(28);
    long max = Instant.parse("9999-12-31T23:59:59.999999999Z").getEpochSecond();
    SqliteTime.Recent recent = new SqliteTime.Recent();
    long second = 1_795_000_000L;
    for (int i = 0; i < 200_000; i++) {
      switch (random.nextInt(10)) {
        case 0 -> second = random.nextLong(0, max + 1); // anywhere
        case 1 -> second += 1; // the next second
        case 2 -> second = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond(); // too wide
        case 3 -> second = Instant.parse("-0001-06-01T12:00:00Z").getEpochSecond();
        default -> {} // the same second, as most rows of a batch
      }
      Instant t = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
      assertThat(recent.format(t)).as("%s", t).isEqualTo(SqliteTime.formatSlowly(t));
    }
  }

  @Test
  void edgesAndRoundTrip() {
    for (String text :
        new String[] {
          "1970-01-01T00:00:00Z",
          "0000-01-01T00:00:00Z",
          "2026-11-27T23:14:04.000000999Z",
          "2026-12-31T23:59:59.999999999Z",
          "9999-12-31T23:59:59.999999Z",
          "+10000-01-01T00:00:00Z",
          "-0001-06-01T12:00:00Z"
        }) {
      Instant t = Instant.parse(text);
      assertThat(SqliteTime.format(t)).as(text).isEqualTo(SqliteTime.formatSlowly(t));
    }
    assertThat(SqliteTime.format(Instant.parse("2026-11-27T23:14:04.123456789Z")))
        .isEqualTo("2026-11-27T23:14:04.123456Z");
    assertThat(Instant.parse(SqliteTime.format(Instant.parse("2026-11-27T23:14:04.5Z"))))
        .isEqualTo(Instant.parse("2026-11-27T23:14:04.5Z"));
  }
}
