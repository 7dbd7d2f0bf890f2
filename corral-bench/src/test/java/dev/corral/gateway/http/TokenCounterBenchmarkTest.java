package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The token counter benchmark reads the counts its answers carry, run after run. */
class TokenCounterBenchmarkTest {

  @Test
  void eachAnswerYieldsItsCountsEveryTime() {
    assertThat(TokenCounterBenchmark.GENERATE_END).contains("\"context\":[128000,");
    TokenCounterBenchmark benchmark = new TokenCounterBenchmark();
    for (int i = 0; i < 3; i++) {
      assertThat(benchmark.generateFinalLine()).isEqualTo(26 + 290);
      assertThat(benchmark.openAiStreamEnd()).isEqualTo(26 + 298);
    }
  }
}
