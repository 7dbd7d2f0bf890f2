package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.LeakRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The head guard in front of the same strict decoder the gateway uses, fed in pieces of every size
 * from one byte up: what it must make the decoder refuse, and what it must pass byte for byte.
 */
class Http1HeadGuardTest {

  /** What the decoder made of the bytes: each request and whether it failed, and the body. */
  private record Decoded(List<String> requests, String body) {}

  /** The buffers a read may arrive in. */
  private enum Kind {
    /** A heap buffer: the guard checks request lines in its array. */
    HEAP,
    /** A pooled direct buffer, as the socket reads into. */
    DIRECT,
    /** A buffer the guard may not write to: it overwrites a copy. */
    READ_ONLY;

    ByteBuf of(byte[] bytes, int from, int n) {
      return switch (this) {
        case HEAP -> Unpooled.buffer(n).writeBytes(bytes, from, n);
        case DIRECT -> PooledByteBufAllocator.DEFAULT.directBuffer(n).writeBytes(bytes, from, n);
        case READ_ONLY -> Unpooled.buffer(n).writeBytes(bytes, from, n).asReadOnly();
      };
    }
  }

  /** Decodes the input in pieces of {@code piece} bytes in every kind of buffer, which agree. */
  private static Decoded decode(String input, int piece) {
    List<Integer> cuts = new ArrayList<>();
    for (int i = piece; i < input.length(); i += piece) {
      cuts.add(i);
    }
    int[] at = cuts.stream().mapToInt(Integer::intValue).toArray();
    Decoded heap = decode(input, Kind.HEAP, at);
    for (Kind kind : Kind.values()) {
      assertThat(decode(input, kind, at)).as("%s in pieces of %d", kind, piece).isEqualTo(heap);
    }
    return heap;
  }

  /** Decodes the input as reads of {@code kind} that end at each of {@code cuts}. */
  private static Decoded decode(String input, Kind kind, int... cuts) {
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new Http1HeadGuard(16 << 10, true),
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(16 << 10)
                    .setMaxHeaderSize(16 << 10)
                    .setValidateHeaders(true)
                    .setAllowDuplicateContentLengths(false)
                    .setAllowPartialChunks(true)));
    byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
    List<ByteBuf> reads = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : bytes.length;
      ByteBuf read = kind.of(bytes, from, to - from);
      reads.add(read);
      ch.writeInbound(read);
      from = to;
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
    for (ByteBuf read : reads) {
      assertThat(read.refCnt()).as("every read released once").isZero();
    }
    return new Decoded(requests, body.toString());
  }

  /** Where {@code part} starts in {@code input}. */
  private static int at(String input, String part) {
    int i = input.indexOf(part);
    assertThat(i).as(part).isNotNegative();
    return i;
  }

  @AfterAll
  static void noBufferLeaked() {
    assertThat(LeakRecorder.collect()).isEmpty();
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
    EmbeddedChannel ch = new EmbeddedChannel(new Http1HeadGuard(16 << 10, true));
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

  @Test
  void aPriLineThatIsNotTheWholePrefaceCannotSwitchTheGuardOff() {
    // Once, "PRI * HTTP/2.0" alone made the guard step aside: the request after it could fold.
    String fake =
        "PRI * HTTP/2.0\r\nHost: x\r\n\r\n"
            + "GET /api/version HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer\r\n k\r\n\r\n";
    for (int piece : new int[] {1, 7, 1000}) {
      assertThat(decode(fake, piece).requests()).as("piece %d", piece).containsExactly("FAILED");
    }
    // Over TLS no HTTP/2 preface can follow at all: the line is refused like any HTTP/2.0 line.
    EmbeddedChannel tls = new EmbeddedChannel(new Http1HeadGuard(16 << 10, false));
    byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    tls.writeInbound(Unpooled.wrappedBuffer(preface.clone()));
    ByteBuf out = tls.readInbound();
    assertThat(out.getByte(0)).isZero();
    out.release();
    assertThat(tls.pipeline().get(Http1HeadGuard.class)).isNotNull();
    tls.finishAndReleaseAll();
  }

  @Test
  void aChunkSizePaddedWithZerosDoesNotSwitchTheGuardOff() {
    String padded =
        "POST /api/generate HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "00000000000000000031\r\n"
            + "x".repeat(0x31)
            + "\r\n0\r\n\r\n"
            + "GET /api/version HTTP/1.1\r\nHost: a\r\nX-Fold: a\r\n b\r\n\r\n";
    for (int piece : new int[] {1, 5, 1000}) {
      assertThat(decode(padded, piece).requests())
          .as("piece %d", piece)
          .containsExactly("POST /api/generate", "FAILED");
    }
    String huge =
        "POST /api/generate HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "1000000000000000\r\nxx\r\n0\r\n\r\n";
    Decoded decoded = decode(huge, 1000);
    assertThat(decoded.requests()).containsExactly("POST /api/generate");
    assertThat(decoded.body()).isEmpty(); // the size line was refused, no byte of it passed
  }

  @Test
  void aGuardThatTheNextHandlerRemovedIsNotRemovedAgain() {
    // As the h2c handler drops the HTTP/1.1 handlers when a prior-knowledge preface arrives.
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.pipeline()
        .addLast("head-guard", new Http1HeadGuard(16 << 10, true))
        .addLast(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (ctx.pipeline().get("head-guard") != null) {
                  ctx.pipeline().remove("head-guard");
                }
                ctx.fireChannelRead(msg);
              }
            });
    byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    ch.writeInbound(Kind.DIRECT.of(preface, 0, preface.length)); // throws what reached the tail
    ByteBuf out = ch.readInbound();
    assertThat(ByteBufUtil.getBytes(out)).isEqualTo(preface);
    out.release();
    assertThat(ch.pipeline().get(Http1HeadGuard.class)).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void anOffendingLineIsRefusedWhenItStartsExactlyAtAReadBoundary() {
    String input =
        "POST /api/generate HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"
            + "GET /api/tags HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n";
    String badLine = "GET  /api/tags HTTP/1.1\r\n";
    String second =
        "POST /api/generate HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}" + badLine + "Host: a\r\n\r\n";
    for (Kind kind : Kind.values()) {
      int fold = at(input, " 2\r\n");
      // The folded line first in a read, one byte into it (so held back), and alone in a read.
      for (int[] cuts :
          new int[][] {{fold}, {fold + 1}, {fold - 1, fold}, {fold, fold + 1}, {fold, fold + 4}}) {
        assertThat(decode(input, kind, cuts).requests())
            .as("%s cut at %s", kind, java.util.Arrays.toString(cuts))
            .containsExactly("POST /api/generate", "FAILED");
      }
      int bad = at(second, badLine);
      for (int[] cuts : new int[][] {{bad}, {bad + 1}, {bad - 2, bad}, {bad, bad + 5}}) {
        assertThat(decode(second, kind, cuts).requests())
            .as("%s cut at %s", kind, java.util.Arrays.toString(cuts))
            .containsExactly("POST /api/generate", "FAILED");
      }
    }
  }

  @Test
  void manyPipelinedRequestsInOneReadAreAllFollowed() {
    StringBuilder input = new StringBuilder();
    List<String> expected = new ArrayList<>();
    StringBuilder bodies = new StringBuilder();
    for (int i = 0; i < 120; i++) { // the codec allows 128 unanswered
      switch (i % 3) {
        case 0 -> {
          input.append("GET /api/tags?i=").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
          expected.add("GET /api/tags?i=" + i);
        }
        case 1 -> {
          String body = "{\r\n \"i\": " + i + "}";
          input
              .append("POST /api/generate HTTP/1.1\r\nContent-Length: ")
              .append(body.length())
              .append("\r\n\r\n")
              .append(body);
          expected.add("POST /api/generate");
          bodies.append(body);
        }
        default -> {
          input.append(
              "POST /api/chat HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n\r\n \r\n0\r\n\r\n");
          expected.add("POST /api/chat");
          bodies.append("\r\n ");
        }
      }
    }
    String all = input + "GET / HTTP/1.1\r\nX: 1\r\n\t2\r\n\r\n";
    expected.add("FAILED");
    Decoded d = decode(all, all.length());
    assertThat(d.requests()).containsExactlyElementsOf(expected);
    assertThat(d.body()).isEqualTo(bodies.toString());
    Decoded split = decode(all, 97);
    assertThat(split).isEqualTo(d);
  }

  @Test
  void aReadWithNothingToChangeIsPassedOnItselfAndAnOffendingLineIsOverwrittenInPlace() {
    byte[] clean =
        "POST /api/generate HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n{\r\n}"
            .getBytes(StandardCharsets.ISO_8859_1);
    String folded = "GET /api/tags HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n";
    byte[] bad = folded.getBytes(StandardCharsets.ISO_8859_1);
    EmbeddedChannel ch = new EmbeddedChannel(new Http1HeadGuard(16 << 10, true));

    ByteBuf first = Kind.DIRECT.of(clean, 0, clean.length);
    ch.writeInbound(first);
    ByteBuf out = ch.readInbound();
    assertThat(out).isSameAs(first);
    assertThat(ByteBufUtil.getBytes(out)).isEqualTo(clean);
    out.release();

    ByteBuf second = Kind.DIRECT.of(bad, 0, bad.length);
    ch.writeInbound(second);
    out = ch.readInbound();
    assertThat(out).isSameAs(second);
    byte[] expected = bad.clone();
    expected[folded.indexOf(" 2")] = 0;
    assertThat(ByteBufUtil.getBytes(out)).isEqualTo(expected);
    out.release();

    // A read-only read is left as it was; what goes on is a copy with the NUL.
    ByteBuf readOnly = Kind.READ_ONLY.of(bad, 0, bad.length);
    ch.writeInbound(readOnly);
    out = ch.readInbound();
    assertThat(out).isNotSameAs(readOnly);
    assertThat(ByteBufUtil.getBytes(out)).isEqualTo(expected);
    assertThat(readOnly.refCnt()).isZero();
    out.release();
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void readsThatAreAllBodyPassUntouchedAndTheNextHeadIsStillChecked() {
    // Body bytes that would be refused in a head: folds, a sloppy request line, an h2 preface.
    String chunk = " x\r\nGET  / HTTP/2.0\r\n\tPRI * HTTP/2.0\r\n\r\n".repeat(20);
    int length = chunk.length() * 3;
    String head = "POST /api/generate HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\n";
    EmbeddedChannel ch = new EmbeddedChannel(new Http1HeadGuard(16 << 10, true));
    for (Kind kind : Kind.values()) {
      byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
      ch.writeInbound(kind.of(h, 0, h.length));
      ((ByteBuf) ch.readInbound()).release();
      byte[] c = chunk.getBytes(StandardCharsets.ISO_8859_1);
      for (int i = 0; i < 3; i++) {
        ByteBuf body = kind.of(c, 0, c.length);
        ch.writeInbound(body);
        ByteBuf out = ch.readInbound();
        assertThat(out).as("%s body read %d", kind, i).isSameAs(body);
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(c);
        out.release();
      }
    }
    byte[] next = "GET / HTTP/1.1\r\n\tx\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    ch.writeInbound(Kind.HEAP.of(next, 0, next.length));
    ByteBuf out = ch.readInbound();
    assertThat(out.getByte(16)).isZero();
    out.release();
    assertThat(ch.pipeline().get(Http1HeadGuard.class)).isNotNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void aLineTooLongToCheckMakesTheGuardStepAsideWithEveryByteInOrder() {
    // The limit is the decoder's plus CRLF, and never under 256 bytes.
    for (int maxLine : new int[] {100, 300}) {
      int limit = Math.max(256, maxLine + 2);
      for (int tooLong : new int[] {0, 1}) {
        String target = "/" + "a".repeat(limit - 15 + tooLong);
        String input = "GET / HTTP/1.1\r\nX: " + target + " HTTP/1.1\r\n 2\r\n\r\n";
        assertThat(input.indexOf(" 2") - at(input, "X: ")).isEqualTo(limit + tooLong);
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        for (int piece : new int[] {1, 7, 64, bytes.length}) {
          for (Kind kind : Kind.values()) {
            EmbeddedChannel ch = new EmbeddedChannel(new Http1HeadGuard(maxLine, true));
            ByteBuf all = Unpooled.buffer();
            for (int i = 0; i < bytes.length; i += piece) {
              ch.writeInbound(kind.of(bytes, i, Math.min(piece, bytes.length - i)));
              for (Object m; (m = ch.readInbound()) != null; ) {
                all.writeBytes((ByteBuf) m);
                ReferenceCountUtil.release(m);
              }
            }
            byte[] expected = bytes.clone();
            if (tooLong == 0) {
              expected[input.indexOf(" 2")] = 0; // still checked: the fold after it is refused
            }
            assertThat(ByteBufUtil.getBytes(all))
                .as("limit %d, %d over, pieces of %d, %s", limit, tooLong, piece, kind)
                .isEqualTo(expected);
            assertThat(ch.pipeline().get(Http1HeadGuard.class) == null).isEqualTo(tooLong == 1);
            all.release();
            ch.finishAndReleaseAll();
          }
        }
      }
    }
  }

  @Test
  void contentLengthIsReadAsBefore() {
    // The guard skips exactly the body the value names; anything else it cannot follow.
    for (String value : List.of("5", " 5 ", "\t005\t", "+5", "000000000000000005")) {
      String input =
          "POST /a HTTP/1.1\r\nContent-Length:"
              + value
              + "\r\n\r\n \r\n\r\n"
              + "GET /b HTTP/1.1\r\n\tx\r\n\r\n";
      byte[] expected = input.getBytes(StandardCharsets.ISO_8859_1);
      expected[input.indexOf("\tx")] = 0;
      assertThat(guardOnly(input, 1)).as(value).isEqualTo(expected);
      assertThat(guardOnly(input, input.length())).as(value).isEqualTo(expected);
    }
    for (String value : List.of("", "x", "5x", "99999999999999999999", "-")) {
      String input = "POST /a HTTP/1.1\r\nContent-Length: " + value + "\r\n\r\n\tx\r\n";
      assertThat(guardOnly(input, 3))
          .as(value)
          .isEqualTo(input.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  /** What comes out of a channel holding only the guard, fed in pieces of heap buffers. */
  private static byte[] guardOnly(String input, int piece) {
    EmbeddedChannel ch = new EmbeddedChannel(new Http1HeadGuard(16 << 10, true));
    byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuf all = Unpooled.buffer();
    for (int i = 0; i < bytes.length; i += piece) {
      ch.writeInbound(Kind.HEAP.of(bytes, i, Math.min(piece, bytes.length - i)));
      for (Object m; (m = ch.readInbound()) != null; ) {
        all.writeBytes((ByteBuf) m);
        ReferenceCountUtil.release(m);
      }
    }
    ch.finishAndReleaseAll();
    byte[] out = ByteBufUtil.getBytes(all);
    all.release();
    assertThat(out).hasSameSizeAs(bytes);
    return out;
  }
}
