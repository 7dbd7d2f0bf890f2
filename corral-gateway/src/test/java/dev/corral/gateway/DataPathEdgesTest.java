package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.config.Limits;
import dev.corral.lab.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.SubmissionPublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The data path's edges on real parts: HTTP/2 bodies a head did not announce, the header timeout on
 * h2 connections, and the cap on concurrent connections.
 */
class DataPathEdgesTest {
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

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

  private static Limits limits(Duration headerTimeout, Duration idleTimeout, int maxConnections) {
    Limits d = Limits.defaults();
    return new Limits(
        d.maxJsonBody(),
        d.maxBlobBody(),
        d.maxHeaderSize(),
        headerTimeout,
        idleTimeout,
        d.upstreamTimeout(),
        d.maxStreamsPerKey(),
        d.maxStreams(),
        maxConnections);
  }

  @Test
  void anHttp2BodyOnARouteWithoutOneIsRefusedAndNeverForwarded() throws Exception {
    gw = new ProxyHarness();
    // h2c by upgrade: the first request is HTTP/1.1, the ones after it go over HTTP/2.
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpRequest version =
        HttpRequest.newBuilder(URI.create(gw.url() + "/api/version"))
            .header("Authorization", "Bearer " + gw.keys.user.key())
            .build();
    assertThat(h2.send(version, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    try (SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>()) {
      // No length: the HEADERS frame announces nothing, then a DATA frame arrives anyway.
      HttpRequest smuggled =
          HttpRequest.newBuilder(URI.create(gw.url() + "/api/tags"))
              .header("Authorization", "Bearer " + gw.keys.user.key())
              .method("GET", HttpRequest.BodyPublishers.fromPublisher(body))
              .build();
      var answer = h2.sendAsync(smuggled, HttpResponse.BodyHandlers.ofString());
      body.submit(ByteBuffer.wrap("{\"model\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
      body.close();
      try {
        HttpResponse<String> refused = answer.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(refused.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(refused.statusCode()).isEqualTo(400);
      } catch (java.util.concurrent.ExecutionException e) {
        // The 400 ends the stream while the client is still sending: it may see the reset first.
        assertThat(e).hasCauseInstanceOf(IOException.class).hasMessageContaining("RST_STREAM");
      }
    }
    Thread.sleep(100);
    assertThat(gw.upstream.requests).containsExactly("GET /api/version");
    // Netty marks a head without END_STREAM and without a length as chunked, so the policy refuses
    // it at the head as ambiguous framing for a body-less route; the DATA frame is never read.
    assertThat(gw.awaitEvents(2))
        .anySatisfy(e -> assertThat(e.rule()).isIn("http-ambiguous", "body-unexpected"));
  }

  @Test
  void aDataFrameAfterAHeadThatAnnouncedNoBodyIsNeverForwarded() throws Exception {
    gw = new ProxyHarness();
    String key = "Bearer " + gw.keys.user.key();
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendBytes(PREFACE);
      http.sendBytes(frame(4, 0, 0, new byte[0]));
      // Control: the same head ending the stream is forwarded, so the frames are well-formed.
      http.sendBytes(frame(1, 0x5, 1, hpack("GET", "/api/version", key, null)));
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (gw.upstream.requests.isEmpty() && System.nanoTime() < deadline) {
        drainedToEnd(http, 20);
      }
      assertThat(gw.upstream.requests).containsExactly("GET /api/version");
      // content-length: 0 and no END_STREAM, then a DATA frame with a body anyway.
      http.sendBytes(frame(1, 0x4, 3, hpack("GET", "/api/tags", key, "0")));
      http.sendBytes(frame(0, 0x1, 3, "{\"model\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
      // And a head announcing nothing, whose DATA frame follows later.
      http.sendBytes(frame(1, 0x4, 5, hpack("GET", "/api/ps", key, null)));
      Thread.sleep(50);
      http.sendBytes(frame(0, 0x1, 5, "{}".getBytes(StandardCharsets.UTF_8)));
      drainedToEnd(http, 300);
    }
    Thread.sleep(100);
    assertThat(gw.upstream.requests).containsExactly("GET /api/version");
  }

  /** A request head in HPACK literals without indexing (no Huffman), enough for a test. */
  private static byte[] hpack(String method, String path, String authorization, String length) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.util.function.BiConsumer<String, String> field =
        (name, value) -> {
          out.write(0);
          for (String s : new String[] {name, value}) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            out.write(b.length); // 7-bit length prefix: every string here is shorter than 127
            out.writeBytes(b);
          }
        };
    field.accept(":method", method);
    field.accept(":scheme", "http");
    field.accept(":authority", "gateway.test");
    field.accept(":path", path);
    field.accept("authorization", authorization);
    if (length != null) {
      field.accept("content-length", length);
    }
    return out.toByteArray();
  }

  @Test
  void anHttp2ConnectionThatSendsNoRequestHeadersIsClosedAfterTheHeaderTimeout() throws Exception {
    gw =
        new ProxyHarness(
            ProxyHarness.persona(Duration.ofMillis(1)),
            limits(Duration.ofMillis(300), Duration.ofSeconds(30), 0),
            null,
            8);
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendBytes(PREFACE);
      http.sendBytes(frame(4, 0, new byte[0]));
      long start = System.nanoTime();
      boolean closed = false;
      // PINGs keep the connection from ever being idle; only the header timeout can end it.
      while (!closed && System.nanoTime() - start < 3_000_000_000L) {
        try {
          http.sendBytes(frame(6, 0, new byte[8]));
        } catch (IOException e) {
          closed = true;
          break;
        }
        closed = drainedToEnd(http, 100);
      }
      assertThat(closed).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(200L, 2_000L);
    }
    // A kept-alive h2 connection that is simply quiet between requests is not cut short: only
    // idle_timeout ends it.
    String key = "Bearer " + gw.keys.user.key();
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendBytes(PREFACE);
      http.sendBytes(frame(4, 0, 0, new byte[0]));
      http.sendBytes(frame(1, 0x5, 1, hpack("GET", "/api/version", key, null)));
      assertThat(drainedToEnd(http, 900)).isFalse();
      http.sendBytes(frame(1, 0x5, 3, hpack("GET", "/api/version", key, null)));
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (gw.upstream.requests.size() < 2 && System.nanoTime() < deadline) {
        assertThat(drainedToEnd(http, 20)).isFalse();
      }
    }
    assertThat(gw.upstream.requests).containsExactly("GET /api/version", "GET /api/version");
  }

  @Test
  void anHttp2HeadTrickledOutInContinuationFramesIsCutOff() throws Exception {
    gw =
        new ProxyHarness(
            ProxyHarness.persona(Duration.ofMillis(1)),
            limits(Duration.ofMillis(300), Duration.ofSeconds(30), 0),
            null,
            8);
    byte[] head = hpack("GET", "/api/version", "Bearer " + gw.keys.user.key(), null);
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendBytes(PREFACE);
      http.sendBytes(frame(4, 0, 0, new byte[0]));
      http.sendBytes(frame(1, 0x1, 1, java.util.Arrays.copyOfRange(head, 0, 4)));
      long start = System.nanoTime();
      boolean closed = false;
      for (int at = 4; at < head.length && !closed; at++) {
        try {
          http.sendBytes(frame(9, 0, 1, java.util.Arrays.copyOfRange(head, at, at + 1)));
        } catch (IOException e) {
          closed = true;
          break;
        }
        closed = drainedToEnd(http, 100);
      }
      assertThat(closed).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000L);
    }
    assertThat(gw.upstream.requests).isEmpty();
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnce() throws Exception {
    gw =
        new ProxyHarness(
            ProxyHarness.persona(Duration.ofMillis(1)),
            limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 2),
            null,
            8);
    String version = DataPathTest.request("GET", "/api/version", null, gw.auth());
    try (RawHttp first = new RawHttp(gw.address());
        RawHttp second = new RawHttp(gw.address())) {
      assertThat(first.send(version)).startsWith("HTTP/1.1 200 ");
      assertThat(second.send(version)).startsWith("HTTP/1.1 200 ");
      try (RawHttp third = new RawHttp(gw.address())) {
        assertThat(drainedToEnd(third, 2_000)).isTrue();
      }
      // Those within the cap keep being served.
      assertThat(first.send(version)).startsWith("HTTP/1.1 200 ");
    }
    // Room again once they are gone.
    assertThat(servedWithin(version, 2_000)).startsWith("HTTP/1.1 200 ");
  }

  @Test
  void oneAddressCannotTakeEveryConnection() throws Exception {
    Limits d = limits(Duration.ofSeconds(10), Duration.ofSeconds(30), 64);
    Limits perIp =
        new Limits(
            d.maxJsonBody(),
            d.maxBlobBody(),
            d.maxHeaderSize(),
            d.headerTimeout(),
            d.idleTimeout(),
            d.upstreamTimeout(),
            d.maxStreamsPerKey(),
            d.maxStreams(),
            d.maxConnections(),
            d.maxBodyMemory(),
            2);
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), perIp, null, 8);
    String version = DataPathTest.request("GET", "/api/version", null, gw.auth());
    // Two idle sockets from 127.0.0.1, no key, no byte sent: the third from there is closed.
    try (RawHttp first = new RawHttp(gw.address());
        RawHttp second = new RawHttp(gw.address())) {
      try (RawHttp third = new RawHttp(gw.address())) {
        assertThat(drainedToEnd(third, 2_000)).isTrue();
      }
      // Another address is not affected (127.0.0.2 is loopback too).
      try (java.net.Socket other = new java.net.Socket()) {
        other.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
        other.connect(gw.address());
        other.getOutputStream().write(version.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] head = other.getInputStream().readNBytes(12);
        assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("HTTP/1.1 200");
      }
      assertThat(first.send(version)).startsWith("HTTP/1.1 200 ");
    }
    // Given back when they close.
    assertThat(servedWithin(version, 2_000)).startsWith("HTTP/1.1 200 ");
  }

  /** The answer to {@code request} once a connection is served again, trying for {@code millis}. */
  private String servedWithin(String request, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    String answer = "";
    while (!answer.startsWith("HTTP/1.1 200 ") && System.nanoTime() < deadline) {
      try {
        answer = RawHttp.exchange(gw.address(), request);
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
    return answer;
  }

  /** Reads until the server closes (true) or nothing more comes for {@code millis} (false). */
  private static boolean drainedToEnd(RawHttp http, int millis) throws IOException {
    http.socket().setSoTimeout(millis);
    InputStream in = http.socket().getInputStream();
    byte[] buffer = new byte[4096];
    try {
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  private static byte[] frame(int type, int flags, byte[] payload) {
    return frame(type, flags, 0, payload);
  }

  private static byte[] frame(int type, int flags, int stream, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
    b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8));
    b.put((byte) payload.length).put((byte) type).put((byte) flags).putInt(stream).put(payload);
    return b.array();
  }
}
