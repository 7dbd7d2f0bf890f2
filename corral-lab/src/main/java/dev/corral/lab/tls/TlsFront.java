package dev.corral.lab.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A TLS-terminating front the way Go's net/http serves HTTPS (Caddy, a Go reverse proxy, or
 * Ollama's own users' TLS wrappers): a TLS handshake proceeds; a connection that opens with plain
 * HTTP instead gets Go's fixed answer and is closed; anything else is closed without a word.
 *
 * <p>Go reads a five-byte record header first and, when it is not TLS, checks whether those bytes
 * look like an HTTP method ({@code tlsRecordHeaderLooksLikeHTTP} in net/http/server.go).
 */
public final class TlsFront extends ByteToMessageDecoder {
  /** Go's answer to plain HTTP on a TLS port, byte for byte. */
  public static final String PLAIN_HTTP_ANSWER =
      "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n";

  private static final int TLS_HANDSHAKE = 0x16;
  private static final List<String> HTTP_STARTS =
      List.of("GET /", "HEAD ", "POST ", "PUT /", "OPTIO");

  private final SslContext context;

  public TlsFront(SslContext context) {
    this.context = context;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 5) {
      return;
    }
    if (in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE) {
      ctx.pipeline().replace(this, "tls", context.newHandler(ctx.alloc()));
      return; // the replaced decoder hands the buffered bytes on to the TLS handler
    }
    String start = in.toString(in.readerIndex(), 5, StandardCharsets.ISO_8859_1);
    in.skipBytes(in.readableBytes());
    if (HTTP_STARTS.contains(start)) {
      ctx.writeAndFlush(Unpooled.copiedBuffer(PLAIN_HTTP_ANSWER, StandardCharsets.ISO_8859_1))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      var unused = ctx.close();
    }
  }
}
