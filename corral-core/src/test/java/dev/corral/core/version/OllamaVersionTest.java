package dev.corral.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OllamaVersionTest {

  private static OllamaVersion v(String text) {
    return OllamaVersion.parse(text);
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "0.9.0, 0.17.0",
    "0.1.9, 0.1.10",
    "0.1.33, 0.1.34",
    "0.5.13-rc1, 0.5.13",
    "0.5.13-rc0, 0.5.13-rc1",
    "0.5.13-rc9, 0.5.13-rc10",
    "0.5.12, 0.5.13-rc0",
    "0.0.0, 0.0.1",
    "0.5.7, 0.5.7-3-gabc1234",
    "0.5.7-3-gabc1234, 0.5.7-12-gabc1234",
    "0.5.7-12-gabc1234, 0.5.8-rc0",
    "0.5.13-1, 0.5.13-rc1",
    "0.32.15, 0.33.0-rc2",
    "1.0.0-alpha, 1.0.0-alpha.1",
    "1.0.0-alpha.1, 1.0.0-alpha.beta",
  })
  void ordersLikeReleasesFollowEachOther(String older, String newer) {
    assertThat(v(older)).isLessThan(v(newer));
    assertThat(v(newer)).isGreaterThan(v(older));
  }

  @Test
  void sortsAShuffledReleaseHistory() {
    List<String> history =
        List.of(
            "0.1.9",
            "0.1.10",
            "0.1.33-rc7",
            "0.1.33",
            "0.1.34-rc1",
            "0.1.34",
            "0.1.47",
            "0.3.14",
            "0.5.7",
            "0.5.13-rc1",
            "0.5.13",
            "0.6.8",
            "0.9.6",
            "0.12.11-rc0",
            "0.12.11",
            "0.17.1",
            "0.32.15",
            "0.33.0-rc2");
    List<OllamaVersion> shuffled =
        new ArrayList<>(history.stream().map(OllamaVersion::parse).toList());
    Collections.shuffle(shuffled, new Random(7));
    Collections.sort(shuffled);
    assertThat(shuffled).extracting(OllamaVersion::toString).containsExactlyElementsOf(history);
  }

  @ParameterizedTest
  @CsvSource({
    "0.1.34, 0.1.34",
    "v0.5.13-rc1, 0.5.13-rc1",
    "0.9, 0.9.0",
    " 0.3.14 , 0.3.14",
    "0.3.14+build.7, 0.3.14",
    "0.5.7-3-gabc1234-dirty, 0.5.7-3-gabc1234-dirty",
    "0.5.13-rc1-2-g1a2b3c4, 0.5.13-rc1-2-g1a2b3c4",
  })
  void parsesTheFormsOllamaReports(String text, String canonical) {
    assertThat(v(text).toString()).isEqualTo(canonical);
    assertThat(v(canonical)).isEqualByComparingTo(v(text));
  }

  @Test
  void describeWithZeroCommitsIsTheTagItself() {
    assertThat(v("0.5.7-0-ga420a45")).isEqualByComparingTo(v("0.5.7"));
    assertThat(v("0.5.7-0-ga420a45").isPreRelease()).isFalse();
  }

  @Test
  void sourceBuildIsUnknown() {
    assertThat(v("0.0.0").isUnknown()).isTrue();
    assertThat(OllamaVersion.UNKNOWN.isUnknown()).isTrue();
    assertThat(v("0.0.1").isUnknown()).isFalse();
    assertThat(v("0.0.0-rc1").isUnknown()).isFalse();
  }

  @Test
  void preReleaseIsKnown() {
    assertThat(v("0.5.13-rc1").isPreRelease()).isTrue();
    assertThat(v("0.5.13-rc1").release()).isEqualTo(v("0.5.13"));
    assertThat(v("0.5.13").isPreRelease()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "latest",
        "0",
        "1.2.3.4",
        "01.2.3",
        "0.1.x",
        "0.1.34-",
        "-0.1.34",
        "0.1.34 rc1"
      })
  void rejectsWhatIsNotAVersionWithAClearMessage(String text) {
    assertThatThrownBy(() -> v(text))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining("invalid Ollama version '" + text + "'")
        .hasMessageContaining("MAJOR.MINOR.PATCH");
  }
}
