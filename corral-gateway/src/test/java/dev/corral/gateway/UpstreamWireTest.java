package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.config.Endpoint;
import dev.corral.lab.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bytes on the upstream side of the gateway, seen by a bare socket upstream: what a request
 * looks like when it leaves the gateway, and how answers Ollama would not normally give are framed
 * for the client.
 */
class UpstreamWireTest {
  private CannedUpstream upstream;
  private ProxyHarness gw;

  @AfterEach
  void stop() throws IOException {
    if (gw != null) {
      gw.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @AfterAll
  static void noLeaks() {
    assertThat(LeakRecorder.collect()).isEmpty();
  }

  /**
   * Answers every request with one canned response, keeping the connection open, and records the
   * bytes of each request head it reads (requests here have no body, or a JSON body it skips by its
   * length).
   */
  private static final class CannedUpstream implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    final List<String> requests = new CopyOnWriteArrayList<>();
    final String answer;

    CannedUpstream(String answer) throws IOException {
      this.answer = answer;
      Thread.ofPlatform().daemon().start(this::accept);
    }

    Endpoint endpoint() {
      return new Endpoint("127.0.0.1", socket.getLocalPort());
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          Thread.ofPlatform().daemon().start(() -> serve(s));
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s;
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream()) {
        while (true) {
          String head = readHead(in);
          if (head == null) {
            return;
          }
          String lower = head.toLowerCase(java.util.Locale.ROOT);
          int at = lower.indexOf("\r\ncontent-length: ");
          String body = "";
          if (at >= 0) {
            int end = lower.indexOf("\r\n", at + 2);
            int length = Integer.parseInt(lower.substring(at + 18, end).strip());
            body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
          }
          requests.add(head + body);
          // As a server does: the answer to HEAD is the head alone.
          String reply =
              head.startsWith("HEAD ")
                  ? answer.substring(0, answer.indexOf("\r\n\r\n") + 4)
                  : answer;
          out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
      } catch (IOException gone) {
        // The gateway closed the connection.
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static final String VERSION =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\n"
          + "Content-Length: 20\r\n\r\n{\"version\":\"0.13.0\"}";

  @Test
  void aRequestLeavesWithItsFieldsInOrderTheUpstreamsHostItsLengthAndNoCredential()
      throws Exception {
    upstream = new CannedUpstream(VERSION);
    gw = new ProxyHarness(upstream.endpoint());
    String body = "{\"model\":\"llama3.2\"}";
    String sent =
        "POST /api/show HTTP/1.1\r\n"
            + "Host: gateway.test\r\n"
            + gw.auth()
            + "\r\n"
            + "User-Agent: ollama-python/0.4.7\r\n"
            + "Accept: application/json\r\n"
            + "Content-Type: application/json\r\n"
            + "X-Forwarded-For: 10.0.0.1\r\n"
            + "Connection: keep-alive\r\n"
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
    assertThat(RawHttp.exchange(gw.address(), sent)).startsWith("HTTP/1.1 200 ");
    assertThat(upstream.requests)
        .containsExactly(
            "POST /api/show HTTP/1.1\r\n"
                + "User-Agent: ollama-python/0.4.7\r\n"
                + "Accept: application/json\r\n"
                + "Content-Type: application/json\r\n"
                + "host: "
                + upstream.endpoint().authority()
                + "\r\n"
                + "content-length: 20\r\n"
                + "\r\n"
                + body);
  }

  @Test
  void aGetLeavesWithoutALengthAndAHeadWithoutWaitingForABody() throws Exception {
    upstream = new CannedUpstream(VERSION);
    gw = new ProxyHarness(upstream.endpoint());
    try (RawHttp http = new RawHttp(gw.address())) {
      String head = http.send("HEAD /api/version HTTP/1.1\r\nHost: g\r\n" + gw.auth() + "\r\n\r\n");
      assertThat(head.toLowerCase(java.util.Locale.ROOT))
          .startsWith("http/1.1 200 ")
          .contains("content-length: 20")
          .endsWith("\r\n\r\n");
      // The answer to HEAD announced a body that never came: the upstream connection is still in
      // step, and so is the client's.
      assertThat(http.send(DataPathTest.request("GET", "/api/version", null, gw.auth())))
          .startsWith("HTTP/1.1 200 ")
          .endsWith("{\"version\":\"0.13.0\"}");
    }
    assertThat(upstream.requests)
        .containsExactly(
            "HEAD /api/version HTTP/1.1\r\nhost: " + upstream.endpoint().authority() + "\r\n\r\n",
            "GET /api/version HTTP/1.1\r\nhost: " + upstream.endpoint().authority() + "\r\n\r\n");
  }

  @Test
  void hopByHopAndCorsFieldsOfTheAnswerStayBehindAndTheBodyIsFramedAgain() throws Exception {
    // A Content-Length the upstream names in Connection is hop-by-hop: it is dropped, and the
    // gateway frames the body itself rather than sending it unframed.
    upstream =
        new CannedUpstream(
            "HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Access-Control-Allow-Origin: *\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Connection: keep-alive, content-length, X-Hop\r\n"
                + "X-Hop: 1\r\n"
                + "X-Kept: 2\r\n"
                + "Content-Length: 20\r\n\r\n"
                + "{\"version\":\"0.13.0\"}");
    gw = new ProxyHarness(upstream.endpoint());
    try (RawHttp http = new RawHttp(gw.address())) {
      for (int i = 0; i < 2; i++) {
        String answer = http.send(DataPathTest.request("GET", "/api/version", null, gw.auth()));
        String head =
            answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
        assertThat(head)
            .startsWith("http/1.1 200 ")
            .contains("x-kept: 2", "transfer-encoding: chunked")
            .doesNotContain("access-control", "keep-alive", "x-hop", "content-length");
        assertThat(answer).endsWith("\r\n14\r\n{\"version\":\"0.13.0\"}\r\n0\r\n\r\n");
      }
    }
  }
}
