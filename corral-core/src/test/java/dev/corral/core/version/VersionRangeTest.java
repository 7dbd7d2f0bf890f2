package dev.corral.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRangeTest {

  private static VersionRange r(String text) {
    return VersionRange.parse(text);
  }

  private static OllamaVersion v(String text) {
    return OllamaVersion.parse(text);
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "'>=0.1.34 <0.1.38', 0.1.33, false",
    "'>=0.1.34 <0.1.38', 0.1.34, true",
    "'>=0.1.34 <0.1.38', 0.1.37, true",
    "'>=0.1.34 <0.1.38', 0.1.38, false",
    "'>=0.1.34 <0.1.38', 0.1.38-rc1, true",
    "'>=0.1.34 <0.1.38', 0.1.34-rc1, false",
    "'<0.1.29', 0.1.28, true",
    "'<0.1.29', 0.1.29, false",
    "'<=0.3.14', 0.3.14, true",
    "'<=0.3.14', 0.3.14-5-gabcdef0, false",
    "'>0.3.14', 0.3.14, false",
    "'>0.3.14', 0.3.14-5-gabcdef0, true",
    "'0.12.10', 0.12.10, true",
    "'=0.12.10', 0.12.11, false",
    "'>=0.11.5-rc0,<=0.13.5', 0.11.5-rc0, true",
    "'>=0.11.5-rc0,<=0.13.5', 0.11.4, false",
    "'>= 0.9.0 < 0.17.0', 0.10.0, true",
    "'*', 0.0.0, true",
  })
  void containsOnEveryBoundary(String range, String version, boolean expected) {
    assertThat(r(range).contains(v(version))).isEqualTo(expected);
  }

  @Test
  void enclosesAndIntersects() {
    VersionRange inferred = r(">=0.1.34 <0.1.38");
    assertThat(r("<0.1.46").encloses(inferred)).isTrue();
    assertThat(r("<0.1.36").encloses(inferred)).isFalse();
    assertThat(r("<0.1.36").intersects(inferred)).isTrue();
    assertThat(r("<0.1.34").intersects(inferred)).isFalse();
    assertThat(r("<=0.1.34").intersects(inferred)).isTrue();
    assertThat(r(">=0.1.34").encloses(inferred)).isTrue();
    assertThat(r(">0.1.34").encloses(inferred)).isFalse();
    assertThat(VersionRange.any().encloses(inferred)).isTrue();
  }

  @Test
  void emptinessAndExactness() {
    assertThat(r(">=0.2.0 <0.1.0").isEmpty()).isTrue();
    assertThat(r(">=0.2.0 <0.2.0").isEmpty()).isTrue();
    assertThat(r(">=0.2.0 <=0.2.0").isEmpty()).isFalse();
    assertThat(r(">=0.2.0 <=0.2.0").exactVersion()).contains(v("0.2.0"));
    assertThat(r("*").isAny()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {">=0.1.34 <0.1.38", "<0.1.29", "=0.12.10", "*", ">0.3.14 <=0.5.7"})
  void textRoundTrips(String text) {
    assertThat(r(text).toString()).isEqualTo(text);
    assertThat(r(r(text).toString())).isEqualTo(r(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ">=", ">=0.1.x", "~0.1.2", ">=0.1.2 <"})
  void rejectsBadRangesNamingThePart(String text) {
    assertThatThrownBy(() -> r(text))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("range");
  }

  @Test
  void setMergesTouchingRanges() {
    VersionSet set = VersionSet.of(r("<0.1.34"), r(">=0.1.34 <0.1.46"), r(">=0.3.0 <=0.3.14"));
    assertThat(set.ranges()).hasSize(2);
    assertThat(set.toString()).isEqualTo("<0.1.46 || >=0.3.0 <=0.3.14");
    assertThat(set.encloses(r(">=0.1.30 <0.1.40"))).isTrue();
    assertThat(set.encloses(r(">=0.1.40 <0.3.1"))).isFalse();
    assertThat(set.intersects(r(">=0.1.40 <0.3.1"))).isTrue();
    assertThat(set.intersects(r(">=0.1.46 <0.3.0"))).isFalse();
    assertThat(set.contains(v("0.3.14"))).isTrue();
    assertThat(set.contains(v("0.3.15"))).isFalse();
  }

  @Test
  void setKeepsDistinctRangesWithAGapOfPreReleases() {
    // 0.1.34-rc1 sits between "<=0.1.33" and ">=0.1.34": the two must not merge.
    VersionSet set = VersionSet.of(r("<=0.1.33"), r(">=0.1.34 <0.2.0"));
    assertThat(set.ranges()).hasSize(2);
    assertThat(set.contains(v("0.1.34-rc1"))).isFalse();
  }
}
