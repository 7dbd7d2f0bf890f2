package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpstreamRequestTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  private static String text(ByteBuf buf) {
    try {
      return buf.toString(StandardCharsets.ISO_8859_1);
    } finally {
      buf.release();
    }
  }

  private static HttpHeaders fields(String... namesAndValues) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  @Test
  void aJsonRequestCarriesTheForwardedFieldsThenHostThenItsLength() {
    HttpHeaders client =
        fields(
            "Content-Type", "application/json",
            "Authorization", "Bearer corral_secret",
            "Host", "gateway.example",
            "User-Agent", "ollama-python/0.4.7",
            "Content-Length", "21",
            "Accept", "application/x-ndjson",
            "Accept", "application/json");
    String head =
        text(UpstreamRequest.head(ALLOC, "POST", "/api/chat", client, "127.0.0.1:11434", 21));
    assertThat(head)
        .isEqualTo(
            "POST /api/chat HTTP/1.1\r\n"
                + "Content-Type: application/json\r\n"
                + "User-Agent: ollama-python/0.4.7\r\n"
                + "Accept: application/x-ndjson\r\n"
                + "Accept: application/json\r\n"
                + "host: 127.0.0.1:11434\r\n"
                + "content-length: 21\r\n"
                + "\r\n");
  }

  @Test
  void framingFollowsTheBody() {
    HttpHeaders none = fields();
    assertThat(text(UpstreamRequest.head(ALLOC, "GET", "/api/tags", none, "h:1", -2)))
        .isEqualTo("GET /api/tags HTTP/1.1\r\nhost: h:1\r\n\r\n");
    assertThat(text(UpstreamRequest.head(ALLOC, "POST", "/api/x", none, "h:1", 0)))
        .isEqualTo("POST /api/x HTTP/1.1\r\nhost: h:1\r\ncontent-length: 0\r\n\r\n");
    assertThat(
            text(
                UpstreamRequest.head(
                    ALLOC, "POST", "/api/blobs/sha256:ab", none, "h:1", UpstreamRequest.CHUNKED)))
        .isEqualTo(
            "POST /api/blobs/sha256:ab HTTP/1.1\r\nhost: h:1\r\ntransfer-encoding: chunked\r\n\r\n");
  }

  @Test
  void textGoesUpstreamByteForByteAsDecoded() {
    // The decoder reads one char per byte; a field value with bytes above 0x7f must reach the
    // upstream as those same bytes, not re-encoded.
    String value =
        new String(new byte[] {'a', (byte) 0xe9, (byte) 0xff}, StandardCharsets.ISO_8859_1);
    ByteBuf head = UpstreamRequest.head(ALLOC, "GET", "/", fields("X-Note", value), "h:1", -2);
    try {
      byte[] bytes = new byte[head.readableBytes()];
      head.getBytes(head.readerIndex(), bytes);
      String expected = "GET / HTTP/1.1\r\nX-Note: a\u00e9\u00ff\r\nhost: h:1\r\n\r\n";
      assertThat(bytes).isEqualTo(expected.getBytes(StandardCharsets.ISO_8859_1));
    } finally {
      head.release();
    }
  }

  @Test
  void chunksAreFramedWithTheirHexSize() {
    ByteBuf data = Unpooled.copiedBuffer(new byte[300]);
    ByteBuf chunk = UpstreamRequest.chunk(ALLOC, data);
    assertThat(chunk.readableBytes()).isEqualTo(5 + 300 + 2);
    String text = text(chunk);
    assertThat(text).startsWith("12c\r\n\u0000").endsWith("\u0000\r\n");
    assertThat(data.refCnt()).as("the chunk owned the data and let it go").isZero();
    assertThat(text(UpstreamRequest.lastChunk())).isEqualTo("0\r\n\r\n");
  }
}
