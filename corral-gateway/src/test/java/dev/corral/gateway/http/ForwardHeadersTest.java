package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardHeadersTest {
  private static HttpHeaders headers(String... namesAndValues) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  private static void copyRequest(HttpHeaders from, HttpHeaders to) {
    ForwardHeaders.forEachRequestField(from, to::add);
  }

  private static List<String> fields(HttpHeaders h) {
    return h.entries().stream().map(Map.Entry::getKey).toList();
  }

  @Test
  void requestKeepsEndToEndFieldsInOrderWithRepeats() {
    HttpHeaders out = new DefaultHttpHeaders();
    copyRequest(
        headers(
            "Content-Type", "application/json",
            "User-Agent", "ollama-js/0.6.4",
            "Accept", "application/x-ndjson",
            "Accept", "application/json",
            "X-Request-Id", "abc"),
        out);
    assertThat(out.entries())
        .extracting(Map.Entry::getKey, Map.Entry::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Content-Type", "application/json"),
            org.assertj.core.groups.Tuple.tuple("User-Agent", "ollama-js/0.6.4"),
            org.assertj.core.groups.Tuple.tuple("Accept", "application/x-ndjson"),
            org.assertj.core.groups.Tuple.tuple("Accept", "application/json"),
            org.assertj.core.groups.Tuple.tuple("X-Request-Id", "abc"));
  }

  @Test
  void requestDropsCredentialsHopByHopAndClientClaimsWhateverTheirCase() {
    HttpHeaders out = new DefaultHttpHeaders();
    copyRequest(
        headers(
            "authorization", "Bearer corral_x",
            "X-API-KEY", "corral_y",
            "Host", "evil.example",
            "Cookie", "a=b",
            "Origin", "https://app.example",
            "Accept-Encoding", "gzip",
            "Content-Length", "12",
            "Transfer-Encoding", "chunked",
            "Keep-Alive", "timeout=5",
            "TE", "trailers",
            "Upgrade", "h2c",
            "HTTP2-Settings", "AAMAAABkAAQAAP__",
            "Proxy-Authorization", "Basic eA==",
            "Forwarded", "for=1.2.3.4",
            "X-Forwarded-For", "1.2.3.4",
            "X-Real-IP", "1.2.3.4",
            "X-Forwarded-Port", "443",
            "x-forwarded-prefix", "/admin",
            "X-Original-URL", "/api/delete",
            "X-HTTP-Method-Override", "DELETE",
            "True-Client-IP", "1.2.3.4",
            "x-http2-stream-id", "3",
            "Expect", "100-continue",
            "Content-Type", "application/json"),
        out);
    assertThat(fields(out)).containsExactly("Content-Type");
  }

  @Test
  void fieldsNamedInConnectionAreHopByHop() {
    HttpHeaders out = new DefaultHttpHeaders();
    copyRequest(
        headers(
            "Connection", "keep-alive, X-Secret-Hop",
            "Connection", "x-other",
            "x-secret-hop", "1",
            "X-OTHER", "2",
            "X-Kept", "3"),
        out);
    assertThat(fields(out)).containsExactly("X-Kept");
  }

  @Test
  void responseDropsOllamasCorsAnswersAndHopByHopButKeepsTheRest() {
    HttpHeaders out =
        headers(
            "Content-Type", "application/x-ndjson",
            "Access-Control-Allow-Origin", "*",
            "access-control-allow-headers", "Authorization",
            "ACCESS-CONTROL-EXPOSE-HEADERS", "x",
            "Access-Control", "not a CORS field",
            "Transfer-Encoding", "chunked",
            "Connection", "close, X-Hop",
            "X-Hop", "1",
            "Date", "Fri, 27 Nov 2026 23:00:00 GMT",
            "Content-Length", "10");
    ForwardHeaders.stripResponse(out);
    assertThat(fields(out))
        .containsExactly("Content-Type", "Access-Control", "Date", "Content-Length");
  }
}
