package dev.corral.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming benchmark measures every line of every measured stream, and only those. */
class StreamDelayTest {

  @Test
  void countsTheLinesOfTheMeasuredStreamsAfterTheWarmUp() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      // Two paths, both straight to the upstream: the second is named like a proxy would be.
      StreamDelay.main(
          new String[] {String.valueOf(port), "3", "4", "2", "again=http://127.0.0.1:" + port});
    } finally {
      System.setOut(original);
    }
    String[] rows = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(rows[0])
        .isEqualTo("path,lines,p50_us,p90_us,p99_us,max_us,added_p50_us,added_p99_us");
    assertThat(rows).hasSize(3);
    assertThat(rows[1]).startsWith("direct,12,").endsWith(",0.0,0.0");
    assertThat(rows[2]).startsWith("again,12,");
  }

  @Test
  void refusesAProxyThatIsNotOnLoopback() {
    assertThatThrownBy(
            () -> StreamDelay.main(new String[] {"1", "1", "1", "0", "far=http://192.0.2.1:80"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only loopback");
  }
}
