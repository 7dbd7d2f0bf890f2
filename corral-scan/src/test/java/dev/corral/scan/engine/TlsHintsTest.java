package dev.corral.scan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.scan.http.ProbeRequest;
import dev.corral.scan.http.ProbeResponse;
import dev.corral.scan.http.ProbeResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The answers of fronts the lab does not emulate (nginx and Apache with TLS), as they send them.
 */
class TlsHintsTest {
  private static final ProbeRequest ROOT = ProbeRequest.get("/");
  private static final ProbeRequest TAGS = ProbeRequest.get("/api/tags");

  private static ProbeResult answer(int status, String reason, String body) {
    return ProbeResult.of(
        ROOT,
        new ProbeResponse(
            status,
            reason,
            List.of(Map.entry("Content-Type", "text/html")),
            body.getBytes(StandardCharsets.UTF_8),
            false));
  }

  @Test
  void nginxSslPortPageIsATlsHint() {
    String page =
        "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n"
            + "<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n"
            + "<center>The plain HTTP request was sent to HTTPS port</center>\r\n"
            + "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    assertThat(TlsHints.plainHttpRefused(List.of(answer(400, "Bad Request", page)))).isTrue();
  }

  @Test
  void apacheModSslPageIsATlsHint() {
    String page =
        "<p>Your browser sent a request that this server could not understand.<br />\n"
            + "Reason: You're speaking plain HTTP to an SSL-enabled server port.<br />\n";
    assertThat(TlsHints.plainHttpRefused(List.of(answer(400, "Bad Request", page)))).isTrue();
  }

  @Test
  void anOrdinary400IsNot() {
    assertThat(
            TlsHints.plainHttpRefused(
                List.of(answer(400, "Bad Request", "{\"error\":\"invalid request\"}"))))
        .isFalse();
    assertThat(
            TlsHints.plainHttpRefused(
                List.of(answer(200, "OK", "The plain HTTP request was sent to HTTPS port"))))
        .isFalse();
  }

  @Test
  void aHangUpWithoutAnyAnswerIsAHintButATimeoutIsNot() {
    assertThat(
            TlsHints.plainHttpRefused(
                List.of(ProbeResult.failed(ROOT, "closed"), ProbeResult.failed(TAGS, "closed"))))
        .isTrue();
    assertThat(TlsHints.plainHttpRefused(List.of(ProbeResult.failed(ROOT, "timeout")))).isFalse();
    assertThat(TlsHints.plainHttpRefused(List.of())).isFalse();
  }
}
