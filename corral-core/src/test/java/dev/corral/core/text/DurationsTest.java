package dev.corral.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"5s, 5000", "250ms, 250", "1m30s, 90000", "2h, 7200000", "0, 0", "1.5s, 1500"})
  void parsesGoStyleDurations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 s", "-1s", "s", "5sec", "1m 30s"})
  void rejectsOtherForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid duration '" + text + "'");
  }

  @ParameterizedTest
  @CsvSource({"20, 20ms", "5000, 5s", "90000, 1m30s", "0, 0s"})
  void formatsShort(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }
}
