package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The head guard benchmark measures the request its comment describes, passed through whole. */
class Http1HeadGuardBenchmarkTest {

  @Test
  void aThreeHundredByteHeadAndAHundredByteBodyComeOutWhole() {
    assertThat(Http1HeadGuardBenchmark.HEAD).hasSize(300).endsWith("Content-Length: 100\r\n\r\n");
    assertThat(Http1HeadGuardBenchmark.BODY).hasSize(100).startsWith("{").endsWith("}");
    Http1HeadGuardBenchmark benchmark = new Http1HeadGuardBenchmark();
    benchmark.setUp();
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(benchmark.guard()).isEqualTo(400);
        assertThat(benchmark.floor()).isEqualTo(400);
      }
    } finally {
      benchmark.tearDown();
    }
  }
}
