package dev.corral.scan.source.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShodanEstimateTest {

  @Test
  void findsFiltersOutsideQuotes() {
    assertThat(ShodanEstimate.hasFilter("product:Ollama")).isTrue();
    assertThat(ShodanEstimate.hasFilter("ollama port:11434")).isTrue();
    assertThat(ShodanEstimate.hasFilter("http.html:\"Ollama is running\"")).isTrue();
    assertThat(ShodanEstimate.hasFilter("-country:CN ollama")).isTrue();
    assertThat(ShodanEstimate.hasFilter("(product:Ollama)")).isTrue();
    assertThat(ShodanEstimate.hasFilter("\"Ollama is running\"")).isFalse();
    assertThat(ShodanEstimate.hasFilter("\"time: 12:00\" ollama")).isFalse();
    assertThat(ShodanEstimate.hasFilter("ollama")).isFalse();
    assertThat(ShodanEstimate.hasFilter(":11434")).isFalse();
  }

  @Test
  void filteredSearchesPayForEveryPage() {
    assertThat(ShodanEstimate.of("product:Ollama", 1_234, 10_000))
        .isEqualTo(new ShodanEstimate(1_234, 1_234, 13, 13, true));
    assertThat(ShodanEstimate.of("product:Ollama", 100, 10_000).credits()).isEqualTo(1);
    assertThat(ShodanEstimate.of("product:Ollama", 0, 10_000).credits()).isZero();
  }

  @Test
  void unfilteredSearchesGetTheFirstPageFree() {
    assertThat(ShodanEstimate.of("ollama", 1_234, 10_000))
        .isEqualTo(new ShodanEstimate(1_234, 1_234, 13, 12, false));
    assertThat(ShodanEstimate.of("ollama", 99, 10_000).credits()).isZero();
  }

  @Test
  void theLimitCapsTheResults() {
    assertThat(ShodanEstimate.of("product:Ollama", 1_234, 250))
        .isEqualTo(new ShodanEstimate(1_234, 250, 3, 3, true));
  }

  @Test
  void affordableResults() {
    assertThat(ShodanEstimate.affordable(10, true)).isEqualTo(1_000);
    assertThat(ShodanEstimate.affordable(10, false)).isEqualTo(1_100);
    assertThat(ShodanEstimate.affordable(0, true)).isZero();
    assertThat(ShodanEstimate.affordable(0, false)).isEqualTo(100);
  }
}
