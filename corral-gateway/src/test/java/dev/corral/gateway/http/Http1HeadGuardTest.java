package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The head guard in front of the same strict decoder the gateway uses, fed in pieces of every size
 * from one byte up: what it must make the decoder refuse, and what it must pass byte for byte.
 */
class Http1HeadGuardTest {

  /** What the decoder made of the bytes: each request and whether it failed, and the body. */
  private record Decoded(List<String> requests, String body) {}

  private static Decoded decode(String input, int piece) {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new Http1HeadGuard(16 << 10),
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(16 << 10)
                    .setMaxHeaderSize(16 << 10)
                    .setValidateHeaders(true)
                    .setAllowDuplicateContentLengths(false)
                    .setAllowPartialChunks(true)));
    byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length; i += piece) {
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(piece, bytes.length - i)));
    }
    List<String> requests = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    Object m;
    while ((m = ch.readInbound()) != null) {
      if (m instanceof HttpRequest r) {
        requests.add(r.decoderResult().isFailure() ? "FAILED" : r.method() + " " + r.uri());
      }
      if (m instanceof HttpContent c) {
        body.append(c.content().toString(StandardCharsets.ISO_8859_1));
      }
      ReferenceCountUtil.release(m);
    }
    ch.finishAndReleaseAll();
    return new Decoded(requests, body.toString());
  }

  @Test
  void obsFoldIsRefusedHoweverTheBytesAreSplit() {
    String folded = "GET /api/version HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer\r\n k\r\n\r\n";
    String tab = "GET /api/version HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\t2\r\n\r\n";
    for (int piece = 1; piece <= 9; piece++) {
      assertThat(decode(folded, piece).requests()).as("piece %d", piece).containsExactly("FAILED");
      assertThat(decode(tab, piece).requests()).as("piece %d", piece).containsExactly("FAILED");
    }
  }

  @Test
  void requestLinesMustBeMethodSpaceTargetSpaceHttp1() {
    for (String line :
        List.of(
            "GET  /api/version HTTP/1.1",
            "GET /api/version  HTTP/1.1",
            "GET\t/api/version HTTP/1.1",
            "GET /api/version\tHTTP/1.1",
            "GET /api/version HTTP/2.0",
            "GET /api/version HTTP/1.1 ",
            " GET /api/version HTTP/1.1",
            "GET /api/version HTTP/1.10",
            "G(T /api/version HTTP/1.1")) {
      for (int piece : new int[] {1, 3, 1000}) {
        assertThat(decode(line + "\r\nHost: a\r\n\r\n", piece).requests())
            .as("%s in pieces of %d", line, piece)
            .containsExactly("FAILED");
      }
    }
    assertThat(decode("GET /api/version HTTP/1.0\r\n\r\n", 1).requests())
        .containsExactly("GET /api/version");
    assertThat(decode("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 2).requests())
        .containsExactly("GET /");
  }

  @Test
  void bodiesPassUntouchedAndTheNextHeadIsStillChecked() {
    String body = "{\r\n \"model\":\"x\",\r\n\t\"prompt\":\"a\\r\\n b\"\r\n}";
    String lengthFramed =
        "POST /api/generate HTTP/1.1\r\nHost: a\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
    String chunked =
        "POST /api/generate HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(7)
            + ";ext=1\r\n"
            + body.substring(0, 7)
            + "\r\n"
            + Integer.toHexString(body.length() - 7)
            + "\r\n"
            + body.substring(7)
            + "\r\n0\r\nX-Trailer: t\r\n\r\n";
    String folded = "GET /api/tags HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n";
    for (int piece = 1; piece <= 7; piece++) {
      for (String first : List.of(lengthFramed, chunked)) {
        Decoded d = decode(first + folded, piece);
        assertThat(d.requests())
            .as("piece %d", piece)
            .containsExactly("POST /api/generate", "FAILED");
        assertThat(d.body()).isEqualTo(body);
        assertThat(decode(first + "GET /api/tags HTTP/1.1\r\nHost: a\r\n\r\n", piece).requests())
            .containsExactly("POST /api/generate", "GET /api/tags");
      }
    }
  }

  @Test
  void anHttp2PrefaceIsLeftAloneAndTheGuardStepsAside() {
    byte[] preface =
        ("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                + "\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000\u0000")
            .getBytes(StandardCharsets.ISO_8859_1);
    EmbeddedChannel ch = new EmbeddedChannel(new Http1HeadGuard(16 << 10));
    for (int i = 0; i < preface.length; i += 5) {
      ch.writeInbound(Unpooled.wrappedBuffer(preface, i, Math.min(5, preface.length - i)));
    }
    ByteBuf all = Unpooled.buffer();
    Object m;
    while ((m = ch.readInbound()) != null) {
      all.writeBytes((ByteBuf) m);
      ReferenceCountUtil.release(m);
    }
    assertThat(ByteBufUtil.getBytes(all)).isEqualTo(preface);
    assertThat(ch.pipeline().get(Http1HeadGuard.class)).isNull();
    all.release();
    ch.finishAndReleaseAll();
  }
}
