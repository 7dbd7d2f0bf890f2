package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.config.Limits;
import dev.corral.lab.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataPathTest {
  static final String GENERATE =
      "{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue? Answer at length.\"}";

  private static final String CHAT =
      "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private ProxyHarness gw;

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @AfterAll
  static void noLeaks() {
    assertThat(LeakRecorder.collect()).isEmpty();
  }

  static String request(String method, String path, String body, String... headers) {
    StringBuilder r = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    r.append("Host: gateway.test\r\n");
    for (String h : headers) {
      r.append(h).append("\r\n");
    }
    if (body != null) {
      r.append("Content-Type: application/json\r\n");
      r.append("Content-Length: ")
          .append(body.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n");
    }
    r.append("\r\n");
    if (body != null) {
      r.append(body);
    }
    return r.toString();
  }

  @Test
  void forwardsAnAllowedRequestWithoutTheKeyAndWithTheUpstreamsHost() throws Exception {
    gw = new ProxyHarness();
    String response =
        RawHttp.exchange(
            gw.address(),
            request("GET", "/api/version", null, gw.auth(), "X-Forwarded-For: 6.6.6.6"));
    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("\"version\":\"");
    assertThat(gw.upstream.requests).containsExactly("GET /api/version");
    List<Map.Entry<String, String>> sent = gw.upstream.full.getFirst().headers();
    assertThat(sent)
        .extracting(Map.Entry::getKey)
        .doesNotContain("Authorization", "X-Forwarded-For", "authorization");
    assertThat(gw.upstream.full.getFirst().host())
        .isEqualTo("127.0.0.1:" + gw.lab.address().getPort());
    AuditEvent e = gw.awaitEvents(1).getFirst();
    assertThat(e.allowed()).isTrue();
    assertThat(e.route()).isEqualTo("/api/version");
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.keyId()).isEqualTo(gw.keys.user.id());
    assertThat(e.client()).startsWith("127.0.0.1:");
  }

  @Test
  void refusesWithoutAKeyInTheStyleOfThePath() throws Exception {
    gw = new ProxyHarness();
    String ollama = RawHttp.exchange(gw.address(), request("GET", "/api/tags", null));
    assertThat(ollama)
        .startsWith("HTTP/1.1 401 Unauthorized\r\n")
        .contains("www-authenticate: Bearer realm=\"corral\"")
        .endsWith("{\"error\":\"an API key is required: send Authorization: Bearer KEY\"}");
    String openai =
        RawHttp.exchange(
            gw.address(),
            request("POST", "/v1/chat/completions", "{}", "Authorization: Bearer wrong"));
    assertThat(openai)
        .startsWith("HTTP/1.1 401 ")
        .endsWith(
            "{\"error\":{\"message\":\"the API key is not valid\",\"type\":\"authentication_error\","
                + "\"param\":null,\"code\":\"key-unknown\"}}");
    String unknown =
        RawHttp.exchange(gw.address(), request("GET", "/api/nothing", null, gw.auth()));
    assertThat(unknown).startsWith("HTTP/1.1 404 ").endsWith("{\"error\":\"404 page not found\"}");
    assertThat(gw.upstream.requests).isEmpty();
    assertThat(gw.awaitEvents(3))
        .extracting(AuditEvent::rule)
        .containsExactlyInAnyOrder("auth-required", "key-unknown", "route-unknown");
  }

  @Test
  void streamsEachLineAsItArrivesAndCountsTokens() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(40)), Limits.defaults(), null, 8);
    try (RawHttp http = new RawHttp(gw.address())) {
      long start = System.nanoTime();
      http.sendOnly(request("POST", "/api/generate", GENERATE, gw.auth()));
      String head = http.readHead();
      assertThat(head)
          .startsWith("HTTP/1.1 200 OK\r\n")
          .containsIgnoringCase("transfer-encoding: chunked");
      List<Long> arrivals = new ArrayList<>();
      List<String> chunks = new ArrayList<>();
      String chunk;
      while ((chunk = http.readChunk()) != null) {
        arrivals.add((System.nanoTime() - start) / 1_000_000);
        chunks.add(chunk);
      }
      assertThat(chunks).hasSizeGreaterThan(3);
      String[] lines = String.join("", chunks).split("\n");
      assertThat(lines).hasSizeGreaterThan(3);
      assertThat(lines[lines.length - 1]).contains("\"done\":true");
      // The first line came long before the last: nothing was buffered on the way.
      assertThat(arrivals.getLast() - arrivals.getFirst()).isGreaterThan(80);
    }
    AuditEvent e = gw.awaitEvents(1).getFirst();
    assertThat(e.promptTokens()).isPositive();
    assertThat(e.evalTokens()).isPositive();
    assertThat(e.model()).isEqualTo("registry.ollama.ai/library/llama3.2:latest");
    assertThat(gw.limiter.tokensToday(TestKeys.caller(gw.keys.user), System.currentTimeMillis()))
        .isEqualTo(e.promptTokens() + e.evalTokens());
    assertThat(gw.limiter.activeStreams()).isZero();
  }

  @Test
  void streamsOpenAiServerSentEventsAndCountsTheirUsage() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(30)), Limits.defaults(), null, 8);
    String chat =
        "{\"model\":\"llama3.2\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]}";
    StringBuilder body = new StringBuilder();
    int chunks = 0;
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendOnly(request("POST", "/v1/chat/completions", chat, gw.auth()));
      assertThat(http.readHead())
          .startsWith("HTTP/1.1 200 ")
          .containsIgnoringCase("content-type: text/event-stream");
      String chunk;
      while ((chunk = http.readChunk()) != null) {
        chunks++;
        body.append(chunk);
      }
    }
    assertThat(chunks).isGreaterThan(3);
    assertThat(body.toString()).contains("\"usage\":{").endsWith("data: [DONE]\n\n");
    AuditEvent e = gw.awaitEvents(1).getFirst();
    assertThat(e.promptTokens()).isPositive();
    assertThat(e.evalTokens()).isPositive();
  }

  @Test
  void headRequestsAndHttp10ClientsAreFramedRight() throws Exception {
    gw = new ProxyHarness();
    try (RawHttp http = new RawHttp(gw.address())) {
      String head = http.send("HEAD /api/version HTTP/1.1\r\nHost: g\r\n" + gw.auth() + "\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 ").endsWith("\r\n\r\n");
      // The connection is still usable: the HEAD answer carried no body.
      assertThat(http.send(request("GET", "/api/version", null, gw.auth())))
          .startsWith("HTTP/1.1 200 ");
    }
    try (RawHttp http = new RawHttp(gw.address())) {
      String old = http.send("GET /api/version HTTP/1.0\r\n" + gw.auth() + "\r\n\r\n");
      assertThat(old).contains("\"version\"");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void theClientGoingAwayCancelsTheUpstreamAtOnce() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(50)), Limits.defaults(), null, 8);
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendOnly(request("POST", "/api/generate", GENERATE, gw.auth()));
      http.readHead();
      assertThat(http.readChunk()).isNotNull();
    }
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (gw.upstream.streamsEnded.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(gw.upstream.streamsEnded.get()).isEqualTo(1);
    int produced = gw.upstream.chunksProduced.get();
    Thread.sleep(200);
    assertThat(gw.upstream.chunksProduced.get()).isEqualTo(produced);
    AuditEvent e = gw.awaitEvents(1).getFirst();
    assertThat(e.status()).isZero();
    assertThat(gw.limiter.activeStreams()).isZero();
  }

  @Test
  void filtersListingsAndFixesTheirLength() throws Exception {
    gw = new ProxyHarness();
    String all = RawHttp.exchange(gw.address(), request("GET", "/api/tags", null, gw.auth()));
    assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").contains("llama3.2").contains("qwen");
    String response =
        RawHttp.exchange(
            gw.address(), request("GET", "/api/tags", null, TestKeys.bearer(gw.keys.limited)));
    assertThat(response)
        .startsWith("HTTP/1.1 200 OK\r\n")
        .contains("llama3.2")
        .doesNotContain("qwen");
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);
    assertThat(response)
        .containsIgnoringCase(
            "content-length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
  }

  @Test
  void keepsConnectionsAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
    gw = new ProxyHarness();
    try (RawHttp http = new RawHttp(gw.address())) {
      assertThat(http.send(request("GET", "/api/version", null, gw.auth())))
          .startsWith("HTTP/1.1 200");
      assertThat(http.send(request("GET", "/api/version", null, gw.auth())))
          .startsWith("HTTP/1.1 200");
      http.sendOnly(
          request("GET", "/api/tags", null, gw.auth())
              + request("GET", "/nope", null, gw.auth())
              + request("GET", "/api/version", null, gw.auth()));
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 200").contains("\"models\"");
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 404");
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 200").contains("\"version\"");
    }
    assertThat(gw.upstream.requests)
        .containsExactly(
            "GET /api/version", "GET /api/version", "GET /api/tags", "GET /api/version");
  }

  @Test
  void refusesBodiesThatAreTooLargeOrJudgedBad() throws Exception {
    Limits small =
        new Limits(
            64,
            1 << 20,
            16 << 10,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            8,
            8);
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), small, null, 8);
    String big = "{\"model\":\"llama3.2\",\"prompt\":\"" + "x".repeat(100) + "\"}";
    assertThat(RawHttp.exchange(gw.address(), request("POST", "/api/generate", big, gw.auth())))
        .startsWith("HTTP/1.1 413 ");
    String chunked =
        "POST /api/generate HTTP/1.1\r\nHost: g\r\n"
            + gw.auth()
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "40\r\n"
            + "x".repeat(64)
            + "\r\n40\r\n"
            + "x".repeat(64)
            + "\r\n0\r\n\r\n";
    assertThat(RawHttp.exchange(gw.address(), chunked)).startsWith("HTTP/1.1 413 ");
    assertThat(
            RawHttp.exchange(
                gw.address(),
                request(
                    "POST",
                    "/api/generate",
                    "{\"model\":\"qwen2.5:0.5b\",\"prompt\":\"hi\"}",
                    TestKeys.bearer(gw.keys.limited))))
        .startsWith("HTTP/1.1 403 ")
        .contains("qwen2.5");
    assertThat(
            RawHttp.exchange(gw.address(), request("GET", "/api/version", "{\"a\":1}", gw.auth())))
        .startsWith("HTTP/1.1 400 ");
    assertThat(gw.upstream.requests).isEmpty();
  }

  @Test
  void largeBodiesAreJudgedOffTheLoopAndForwardedWhole() throws Exception {
    gw = new ProxyHarness();
    // Over JudgeThreads.INLINE_BYTES: judged on a judge thread, then forwarded on the loop.
    String prompt = "y".repeat(3 * dev.corral.gateway.http.JudgeThreads.INLINE_BYTES);
    String allowed = "{\"model\":\"llama3.2\",\"stream\":false,\"prompt\":\"" + prompt + "\"}";
    String denied = "{\"model\":\"qwen2.5:0.5b\",\"prompt\":\"" + prompt + "\"}";
    // Pipelined on one kept-alive connection, answered in order: allowed, refused, allowed.
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendOnly(
          request("POST", "/api/generate", allowed, gw.auth())
              + request("POST", "/api/generate", denied, TestKeys.bearer(gw.keys.limited))
              + request("POST", "/api/generate", allowed, gw.auth()));
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 200").contains("\"done\":true");
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 403").contains("qwen2.5");
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 200").contains("\"done\":true");
    }
    assertThat(gw.upstream.requests).containsExactly("POST /api/generate", "POST /api/generate");
    assertThat(gw.upstream.full.getFirst().body())
        .isEqualTo(allowed.getBytes(StandardCharsets.UTF_8));
  }

  /** JSON bodies of at most 64 KiB, and {@code bodyMemory} bytes of them held over all keys. */
  private static Limits bodyBudget(long bodyMemory) {
    return new Limits(
        64 << 10,
        1 << 20,
        16 << 10,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        8,
        8,
        64,
        bodyMemory);
  }

  @Test
  void bodiesHeldOverAllConnectionsShareOneBudget() throws Exception {
    Limits budget = bodyBudget((64 << 10) + (16 << 10));
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), budget, null, 8);
    String prompt = "z".repeat(50_000);
    String body = "{\"model\":\"llama3.2\",\"stream\":false,\"prompt\":\"" + prompt + "\"}";
    String whole = request("POST", "/api/generate", body, gw.auth());
    int cut = whole.length() - 10;
    try (RawHttp slow = new RawHttp(gw.address())) {
      // A slow client holds most of its body: the budget has 16 KiB left for everyone else.
      slow.sendOnly(whole.substring(0, cut));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (gw.bodyMemory.held() < 50_000 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(gw.bodyMemory.held()).isGreaterThanOrEqualTo(50_000);
      assertThat(RawHttp.exchange(gw.address(), whole))
          .startsWith("HTTP/1.1 503 ")
          .contains("retry-after: 1")
          .contains("too many request bodies");
      // Small bodies still fit.
      assertThat(
              RawHttp.exchange(
                  gw.address(),
                  request("POST", "/api/show", "{\"model\":\"llama3.2\"}", gw.auth())))
          .startsWith("HTTP/1.1 200 ");
      slow.sendOnly(whole.substring(cut));
      assertThat(slow.readResponse(false)).startsWith("HTTP/1.1 200 ");
    }
    // Everything given back: the same large body now goes through.
    assertThat(RawHttp.exchange(gw.address(), whole)).startsWith("HTTP/1.1 200 ");
    assertThat(gw.bodyMemory.held()).isZero();
    assertThat(gw.awaitEvents(4).stream().map(AuditEvent::rule)).contains("body-memory", "allow");
  }

  @Test
  void oneKeyHoldsAQuarterOfTheBodyBudgetAtMost() throws Exception {
    Limits budget = bodyBudget(1 << 20); // a quarter, 256 KiB, per key
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), budget, null, 8);
    String body =
        "{\"model\":\"llama3.2\",\"stream\":false,\"prompt\":\"" + "q".repeat(60_000) + "\"}";
    String mine = request("POST", "/api/generate", body, gw.auth());
    List<RawHttp> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) { // 4 x 60 KB held by one key, all but their last bytes
        RawHttp http = new RawHttp(gw.address());
        slow.add(http);
        http.sendOnly(mine.substring(0, mine.length() - 5));
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (gw.bodyMemory.held() < 4 * 59_000 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      // The same key is refused a fifth; another key still has room.
      assertThat(RawHttp.exchange(gw.address(), mine)).startsWith("HTTP/1.1 503 ");
      String theirs = request("POST", "/api/generate", body, TestKeys.bearer(gw.keys.limited));
      assertThat(RawHttp.exchange(gw.address(), theirs)).startsWith("HTTP/1.1 200 ");
      for (RawHttp http : slow) {
        http.sendOnly(mine.substring(mine.length() - 5));
        assertThat(http.readResponse(false)).startsWith("HTTP/1.1 200 ");
      }
    } finally {
      for (RawHttp http : slow) {
        http.close();
      }
    }
    assertThat(gw.bodyMemory.held()).isZero();
  }

  @Test
  void holdsBlobsBackUntilTheInspectorAccepts() throws Exception {
    gw = new ProxyHarness();
    String admin = TestKeys.bearer(gw.keys.admin);
    byte[] notGguf = "NOTGGUF!".getBytes(StandardCharsets.US_ASCII);
    assertThat(blob(sha256(notGguf), notGguf, admin)).startsWith("HTTP/1.1 400 ").contains("GGUF");
    assertThat(gw.upstream.requests).isEmpty();
    byte[] good = GatewayTest.gguf(32);
    String digest = sha256(good);
    String response = blob(digest, good, admin);
    assertThat(response).startsWith("HTTP/1.1 201 ");
    assertThat(gw.upstream.requests).containsExactly("POST /api/blobs/" + digest);
    assertThat(gw.upstream.full.getFirst().body()).isEqualTo(good);
    // A user key may not upload at all, however well-formed the file.
    assertThat(blob(digest, good, gw.auth())).startsWith("HTTP/1.1 403 ");
    assertThat(gw.upstream.requests).hasSize(1);
  }

  private String blob(String digest, byte[] body, String auth) throws IOException {
    String head =
        "POST /api/blobs/"
            + digest
            + " HTTP/1.1\r\nHost: g\r\n"
            + auth
            + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendBytes(head.getBytes(StandardCharsets.US_ASCII));
      http.sendBytes(body);
      return http.readResponse(false);
    }
  }

  static String sha256(byte[] body) throws java.security.NoSuchAlgorithmException {
    return "sha256:"
        + java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
  }

  @Test
  void requestsPipelinedBehindARefusalThatClosesAreNeverServed() throws Exception {
    gw = new ProxyHarness();
    try (RawHttp http = new RawHttp(gw.address())) {
      // Unauthenticated with a body: refused and closed; the request behind it must not run.
      http.sendOnly(
          request("POST", "/api/generate", "{}") + request("GET", "/api/version", null, gw.auth()));
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 401 ");
      assertThat(http.closedByServer()).isTrue();
    }
    Thread.sleep(100);
    assertThat(gw.upstream.requests).isEmpty();
  }

  @Test
  void reusesUpstreamConnectionsAcrossClients() throws Exception {
    gw = new ProxyHarness();
    for (int i = 0; i < 6; i++) {
      assertThat(RawHttp.exchange(gw.address(), request("GET", "/api/version", null, gw.auth())))
          .startsWith("HTTP/1.1 200 ");
    }
    // The gateway has two event loops, so at most two pooled connections serve six clients.
    assertThat(gw.upstream.full.stream().map(r -> r.remote().getPort()).distinct().count())
        .isBetween(1L, 2L);
  }

  @Test
  void answersExpectContinueOnlyOnceTheHeadIsAllowed() throws Exception {
    gw = new ProxyHarness();
    String body = "{\"model\":\"llama3.2\",\"prompt\":\"hi\",\"stream\":false}";
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendOnly(
          "POST /api/generate HTTP/1.1\r\nHost: g\r\n"
              + gw.auth()
              + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n");
      assertThat(http.readHead()).startsWith("HTTP/1.1 100 Continue\r\n");
      http.sendOnly(body);
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 200 ").contains("\"done\":true");
    }
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendOnly(
          "POST /api/generate HTTP/1.1\r\nHost: g\r\nContent-Type: application/json\r\n"
              + "Expect: 100-continue\r\nContent-Length: 1000000\r\n\r\n");
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 401 ");
    }
    assertThat(gw.upstream.requests).hasSize(1);
    assertThat(gw.upstream.full.getFirst().headers())
        .extracting(java.util.Map.Entry::getKey)
        .doesNotContain("Expect", "expect");
  }

  @Test
  void mutatedRequestsNeverCrashItAndOnlyValidOnesReachTheUpstream() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), Limits.defaults(), null, 64);
    String valid = request("POST", "/api/generate", GENERATE, gw.auth());
    java.util.Random random = new java.util.Random(7);
    String alphabet = "\r\n :/\\%\u0000\u00ff\"{}0aZ\t-;,=?#";
    for (int i = 0; i < 150; i++) {
      StringBuilder mutated = new StringBuilder(valid);
      int edits = 1 + random.nextInt(4);
      for (int j = 0; j < edits; j++) {
        int at = random.nextInt(mutated.length());
        switch (random.nextInt(3)) {
          case 0 -> mutated.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> mutated.deleteCharAt(at);
          default -> mutated.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      try (RawHttp http = new RawHttp(gw.address())) {
        http.socket().setSoTimeout(3_000);
        http.sendBytes(mutated.toString().getBytes(StandardCharsets.ISO_8859_1));
        http.socket().shutdownOutput();
        byte[] answer = http.socket().getInputStream().readNBytes(12);
        String status = new String(answer, StandardCharsets.ISO_8859_1);
        assertThat(status).matches("(HTTP/1\\.1 \\d{3})?");
      } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
        // A reset or a connection still waiting for the rest of a mutated length: both fine.
      }
    }
    for (LabRequestView r : gw.upstream.full.stream().map(LabRequestView::of).toList()) {
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.target()).isEqualTo("/api/generate");
    }
    assertThat(RawHttp.exchange(gw.address(), request("GET", "/api/version", null, gw.auth())))
        .startsWith("HTTP/1.1 200 ");
  }

  private record LabRequestView(String method, String target) {
    static LabRequestView of(dev.corral.lab.wire.LabRequest r) {
      return new LabRequestView(r.method(), r.target());
    }
  }

  @Test
  void capsConcurrentStreams() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(50)), Limits.defaults(), null, 1);
    try (RawHttp first = new RawHttp(gw.address())) {
      first.sendOnly(request("POST", "/api/generate", GENERATE, gw.auth()));
      first.readHead();
      String second =
          RawHttp.exchange(gw.address(), request("POST", "/api/generate", GENERATE, gw.auth()));
      assertThat(second).startsWith("HTTP/1.1 429 ").containsIgnoringCase("retry-after: 1");
    }
    assertThat(gw.upstream.requests).hasSize(1);
  }

  @Test
  void answers502WhenTheUpstreamIsDown() throws Exception {
    gw = new ProxyHarness();
    gw.lab.close();
    assertThat(RawHttp.exchange(gw.address(), request("GET", "/api/version", null, gw.auth())))
        .startsWith("HTTP/1.1 502 ")
        .endsWith("{\"error\":\"the upstream is unreachable\"}");
    assertThat(
            RawHttp.exchange(
                gw.address(), request("POST", "/v1/chat/completions", CHAT, gw.auth())))
        .startsWith("HTTP/1.1 502 ")
        .contains("\"type\":\"api_error\"");
  }

  /** A gateway waiting 200 ms for an upstream that answers after 2 s. */
  private static ProxyHarness slowUpstreamBehindImpatientGateway() throws Exception {
    Limits impatient =
        new Limits(
            1 << 20,
            1 << 20,
            16 << 10,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofMillis(200),
            8,
            8);
    dev.corral.lab.persona.Persona slow =
        ProxyHarness.persona(Duration.ofMillis(1)).toBuilder()
            .latency(Duration.ofSeconds(2))
            .build();
    return new ProxyHarness(slow, impatient, null, 8);
  }

  @Test
  void answers504WhenTheUpstreamIsTooSlow() throws Exception {
    gw = slowUpstreamBehindImpatientGateway();
    long start = System.nanoTime();
    assertThat(RawHttp.exchange(gw.address(), request("GET", "/api/version", null, gw.auth())))
        .startsWith("HTTP/1.1 504 ")
        .endsWith("{\"error\":\"the upstream did not answer in time\"}");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
    assertThat(gw.awaitEvents(1).getFirst().rule()).isEqualTo("upstream-timeout");
  }

  @Test
  void theUpstreamTimerServesEachRequestOfAKeptAliveConnection() throws Exception {
    // One timer per connection, set again by each exchange once the last one fired: the second
    // and third slow requests on the same connection must time out just like the first.
    gw = slowUpstreamBehindImpatientGateway();
    try (RawHttp http = new RawHttp(gw.address())) {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        assertThat(http.send(request("GET", "/api/version", null, gw.auth())))
            .as("request %d", i + 1)
            .startsWith("HTTP/1.1 504 ");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
      }
    }
    assertThat(gw.awaitEvents(3)).extracting(e -> e.rule()).containsOnly("upstream-timeout");
  }

  @Test
  void theLeakDetectorIsWatching() {
    io.netty.buffer.ByteBuf lost = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(8);
    lost.touch("deliberately-lost-by-the-leak-sanity-check");
    lost = null;
    assertThat(LeakRecorder.collect())
        .anySatisfy(l -> assertThat(l).contains("deliberately-lost-by-the-leak-sanity-check"));
    LeakRecorder.forget("deliberately-lost-by-the-leak-sanity-check");
  }

  @Test
  void closesSlowHeads() throws Exception {
    Limits quick =
        new Limits(
            1 << 20,
            1 << 20,
            16 << 10,
            Duration.ofMillis(300),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            8,
            8);
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), quick, null, 8);
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendOnly("GET /api/version HTTP/1.1\r\nHost: g\r\n");
      Thread.sleep(150);
      http.sendOnly(gw.auth() + "\r\n");
      long start = System.nanoTime();
      String answer = http.readResponse(false);
      assertThat(answer).startsWith("HTTP/1.1 408 ");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
      assertThat(http.closedByServer()).isTrue();
    }
    assertThat(gw.upstream.requests).isEmpty();
  }

  @Test
  void cutsOffBodiesThatTrickle() throws Exception {
    Limits quick =
        new Limits(
            1 << 20,
            1 << 20,
            16 << 10,
            Duration.ofSeconds(5),
            Duration.ofMillis(300),
            Duration.ofSeconds(5),
            8,
            8);
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), quick, null, 8);
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendOnly(
          "POST /api/generate HTTP/1.1\r\nHost: g\r\n"
              + gw.auth()
              + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"mo");
      long start = System.nanoTime();
      assertThat(http.closedByServer()).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(200L, 2_000L);
    }
    assertThat(gw.upstream.requests).isEmpty();
  }

  @Test
  void survivesGarbageAndHostileFraming() throws Exception {
    gw = new ProxyHarness();
    byte[] garbage = new byte[4096];
    new java.util.Random(42).nextBytes(garbage);
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendBytes(garbage);
      assertThat(readAll(http))
          .satisfiesAnyOf(
              s -> assertThat(s).startsWith("HTTP/1.1 400"),
              s -> assertThat(s).startsWith("HTTP/1.1 414"),
              s -> assertThat(s).isEmpty());
    }
    String huge = request("GET", "/api/version", null, gw.auth(), "X-Big: " + "a".repeat(20_000));
    assertThat(RawHttp.exchange(gw.address(), huge)).startsWith("HTTP/1.1 431 ");
    String badChunks =
        "POST /api/generate HTTP/1.1\r\nHost: g\r\n"
            + gw.auth()
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
    assertThat(RawHttp.exchange(gw.address(), badChunks)).startsWith("HTTP/1.1 400 ");
    String bothLengths =
        "POST /api/generate HTTP/1.1\r\nHost: g\r\n"
            + gw.auth()
            + "\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}";
    assertThat(RawHttp.exchange(gw.address(), bothLengths)).startsWith("HTTP/1.1 400 ");
    String bareLf = "GET /api/version HTTP/1.1\nHost: g\n" + gw.auth() + "\n\n";
    assertThat(RawHttp.exchange(gw.address(), bareLf)).startsWith("HTTP/1.1 ");
    assertThat(gw.upstream.requests.stream().filter(r -> !r.equals("GET /api/version"))).isEmpty();
    // And it still serves.
    assertThat(RawHttp.exchange(gw.address(), request("GET", "/api/version", null, gw.auth())))
        .startsWith("HTTP/1.1 200 ");
  }

  private static String readAll(RawHttp http) throws IOException {
    http.socket().setSoTimeout(3_000);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      http.socket().getInputStream().transferTo(out);
    } catch (java.net.SocketException e) {
      // A reset after the answer: the server closed with our garbage still unread.
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
