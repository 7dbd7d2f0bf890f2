package dev.corral.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a request as the gateway sends it upstream (HTTP/1.1), written straight into a
 * buffer. Building a request object with a header map, copying the client's fields into it and
 * running it through Netty's request encoder cost about a tenth of the event loops' CPU per small
 * request; the upstream connection has nothing else to encode, since the gateway is the only one
 * that writes to it, so it carries a response decoder only ({@link UpstreamResponseDecoder}).
 *
 * <p>Every text is written byte for byte as it was decoded (ISO-8859-1: one char per byte), so the
 * upstream receives exactly the target and field values the policy judged.
 */
final class UpstreamRequest {
  /** The request has no body and says nothing about one (GET, HEAD, DELETE without a body). */
  static final long NO_BODY = -2;

  /** The body follows in chunked transfer coding, its length unknown. */
  static final long CHUNKED = -1;

  private static final byte[] HTTP_1_1 = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

  private UpstreamRequest() {}

  /**
   * The request line and header section: the client's fields that may cross ({@link
   * ForwardHeaders}), then {@code host}, then the body's framing.
   *
   * @param length the body's length, or {@link #CHUNKED} or {@link #NO_BODY}
   */
  static ByteBuf head(
      ByteBufAllocator alloc,
      String method,
      String target,
      HttpHeaders clientFields,
      String host,
      long length) {
    // A heap buffer: text goes in with plain array stores, and the transport copies it to direct
    // memory in one piece.
    ByteBuf out = alloc.heapBuffer(256 + target.length());
    latin1(out, method);
    out.writeByte(' ');
    latin1(out, target);
    out.writeBytes(HTTP_1_1);
    ForwardHeaders.forEachRequestField(clientFields, (name, value) -> field(out, name, value));
    field(out, "host", host);
    if (length >= 0) {
      field(out, "content-length", Long.toString(length));
    } else if (length == CHUNKED) {
      field(out, "transfer-encoding", "chunked");
    }
    out.writeBytes(CRLF);
    return out;
  }

  /** One piece of a chunked body; takes over {@code data} (empty pieces must not be sent). */
  static ByteBuf chunk(ByteBufAllocator alloc, ByteBuf data) {
    ByteBuf size = alloc.heapBuffer(10);
    latin1(size, Integer.toHexString(data.readableBytes()));
    size.writeBytes(CRLF);
    return alloc.compositeBuffer(3).addComponents(true, size, data, Unpooled.wrappedBuffer(CRLF));
  }

  /** The end of a chunked body (no trailer fields). */
  static ByteBuf lastChunk() {
    return Unpooled.wrappedBuffer(LAST_CHUNK);
  }

  private static void field(ByteBuf out, CharSequence name, CharSequence value) {
    latin1(out, name);
    out.writeByte(':');
    out.writeByte(' ');
    latin1(out, value);
    out.writeBytes(CRLF);
  }

  private static void latin1(ByteBuf out, CharSequence text) {
    out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
  }
}
