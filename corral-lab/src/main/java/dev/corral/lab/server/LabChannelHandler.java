package dev.corral.lab.server;

import dev.corral.lab.Emulator;
import dev.corral.lab.wire.GoDate;
import dev.corral.lab.wire.GoWire;
import dev.corral.lab.wire.LabRequest;
import dev.corral.lab.wire.LabResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Per-connection glue between Netty's request decoder and the emulator: collects each request,
 * answers pipelined requests strictly in order, and writes responses as raw bytes so that heads,
 * chunk framing and pacing are exactly what the emulated Go server would send.
 */
final class LabChannelHandler extends ChannelInboundHandlerAdapter {
  private final Emulator emulator;
  private final Clock clock;
  private final Queue<LabRequest> pending = new ArrayDeque<>();
  private HttpRequest head;
  private ByteArrayOutputStream body;
  private boolean busy;
  private boolean discarding;

  LabChannelHandler(Emulator emulator, Clock clock) {
    this.emulator = emulator;
    this.clock = clock;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        startRequest(ctx, request);
      }
      if (msg instanceof HttpContent content && head != null && !discarding) {
        appendBody(ctx, content);
        if (msg instanceof LastHttpContent) {
          finishRequest(ctx);
        }
      }
    } finally {
      io.netty.util.ReferenceCountUtil.release(msg);
    }
  }

  private void startRequest(ChannelHandlerContext ctx, HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      malformed(ctx, cause instanceof TooLongFrameException ? 431 : 400, null);
      return;
    }
    head = request;
    body = new ByteArrayOutputStream();
    String expect = request.headers().get("Expect");
    if (expect != null
        && expect.equalsIgnoreCase("100-continue")
        && request.protocolVersion().minorVersion() >= 1) {
      var unused =
          ctx.writeAndFlush(
              Unpooled.wrappedBuffer(
                  "HTTP/1.1 100 Continue\r\n\r\n"
                      .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
    }
  }

  private void appendBody(ChannelHandlerContext ctx, HttpContent content) {
    if (content.decoderResult().isFailure()) {
      malformed(ctx, 400, null);
      return;
    }
    ByteBuf data = content.content();
    if (body.size() + data.readableBytes() > LabServer.MAX_BODY) {
      malformed(ctx, 413, null);
      return;
    }
    byte[] chunk = new byte[data.readableBytes()];
    data.readBytes(chunk);
    body.write(chunk, 0, chunk.length);
  }

  private void finishRequest(ChannelHandlerContext ctx) {
    HttpRequest request = head;
    head = null;
    String target = request.uri();
    RequestTargets.Parts parts = RequestTargets.parse(target);
    if (parts == null) {
      malformed(ctx, 400, null);
      return;
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    for (Map.Entry<String, String> h : request.headers()) {
      headers.add(Map.entry(h.getKey(), h.getValue()));
      if (h.getKey().equalsIgnoreCase("Host")) {
        hosts.add(h.getValue());
      }
    }
    int major = request.protocolVersion().majorVersion();
    int minor = request.protocolVersion().minorVersion();
    if (hosts.size() > 1) {
      malformed(ctx, 400, "too many Host headers");
      return;
    }
    boolean http11 = major > 1 || minor >= 1;
    if (http11 && hosts.isEmpty() && !request.method().name().equals("CONNECT")) {
      malformed(ctx, 400, "missing required Host header");
      return;
    }
    String host =
        parts.authority() != null ? parts.authority() : hosts.isEmpty() ? "" : hosts.getFirst();
    pending.add(
        new LabRequest(
            request.method().name(),
            target,
            parts.path(),
            parts.rawQuery(),
            major,
            minor,
            headers,
            host,
            body.toByteArray(),
            (InetSocketAddress) ctx.channel().localAddress(),
            (InetSocketAddress) ctx.channel().remoteAddress()));
    body = null;
    processNext(ctx);
  }

  private void processNext(ChannelHandlerContext ctx) {
    if (busy || pending.isEmpty() || !ctx.channel().isActive()) {
      return;
    }
    busy = true;
    LabRequest request = pending.poll();
    long latency = emulator.persona().latency().toNanos();
    if (latency > 0) {
      var unused =
          ctx.executor().schedule(() -> respond(ctx, request), latency, TimeUnit.NANOSECONDS);
    } else {
      respond(ctx, request);
    }
  }

  private void respond(ChannelHandlerContext ctx, LabRequest request) {
    LabResponse response;
    try {
      response = emulator.handle(request);
    } catch (RuntimeException e) {
      // gin's Recovery middleware: a panic becomes an empty 500.
      response = new LabResponse().finishEmpty(500);
    }
    if (response.isRaw()) {
      sendRaw(ctx, response.stream(), response.closeAfterRaw() || request.wantsClose());
      return;
    }
    GoWire.Head head = GoWire.head(request, response, GoDate.now(clock));
    if (!response.isStreaming()) {
      ByteBuf out = ctx.alloc().buffer();
      out.writeBytes(head.bytes());
      byte[] payload = response.body() == null ? new byte[0] : response.body();
      switch (head.framing()) {
        case LENGTH, UNTIL_CLOSE -> out.writeBytes(payload);
        case CHUNKED -> {
          if (payload.length > 0) {
            out.writeBytes(GoWire.chunkHeader(payload.length))
                .writeBytes(payload)
                .writeBytes(GoWire.crlf());
          }
          out.writeBytes(GoWire.lastChunk());
        }
        case NONE -> {}
      }
      ctx.writeAndFlush(out).addListener(f -> done(ctx, head.close()));
      return;
    }
    var unused = ctx.write(Unpooled.wrappedBuffer(head.bytes()));
    streamNext(ctx, response, response.stream(), head);
  }

  /**
   * Sends the stream: every chunk due now is written, then one flush (so the bytes on the wire are
   * Ollama's, with fewer system calls when nothing paces them); a chunk with a delay is scheduled.
   * Stops as soon as the client is gone.
   */
  private void streamNext(
      ChannelHandlerContext ctx,
      LabResponse response,
      Iterator<LabResponse.Chunk> chunks,
      GoWire.Head head) {
    while (true) {
      if (!ctx.channel().isActive()) {
        endStream(response);
        return;
      }
      if (!chunks.hasNext()) {
        ByteBuf end =
            head.framing() == GoWire.Framing.CHUNKED
                ? Unpooled.wrappedBuffer(GoWire.lastChunk())
                : Unpooled.EMPTY_BUFFER;
        ctx.writeAndFlush(end).addListener(f -> done(ctx, head.close()));
        endStream(response);
        return;
      }
      LabResponse.Chunk chunk = chunks.next();
      if (chunk.delayNanos() > 0) {
        ctx.flush();
        var unused =
            ctx.executor()
                .schedule(
                    () -> {
                      writeChunk(ctx, chunk, head);
                      streamNext(ctx, response, chunks, head);
                    },
                    chunk.delayNanos(),
                    TimeUnit.NANOSECONDS);
        return;
      }
      writeChunk(ctx, chunk, head);
    }
  }

  private static void writeChunk(
      ChannelHandlerContext ctx, LabResponse.Chunk chunk, GoWire.Head head) {
    if (!ctx.channel().isActive()) {
      return;
    }
    ByteBuf out = ctx.alloc().buffer();
    switch (head.framing()) {
      case CHUNKED ->
          out.writeBytes(GoWire.chunkHeader(chunk.data().length))
              .writeBytes(chunk.data())
              .writeBytes(GoWire.crlf());
      case UNTIL_CLOSE, LENGTH -> out.writeBytes(chunk.data());
      case NONE -> {}
    }
    var unused = ctx.write(out).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  /** Writes bytes as they are, each after its delay; tarpits and non-Go products use this. */
  private void sendRaw(
      ChannelHandlerContext ctx, Iterator<LabResponse.Chunk> chunks, boolean close) {
    if (!ctx.channel().isActive()) {
      return;
    }
    if (!chunks.hasNext()) {
      done(ctx, close);
      return;
    }
    LabResponse.Chunk chunk = chunks.next();
    Runnable send =
        () -> {
          if (ctx.channel().isActive()) {
            var unused =
                ctx.writeAndFlush(Unpooled.wrappedBuffer(chunk.data()))
                    .addListener(f -> sendRaw(ctx, chunks, close));
          }
        };
    if (chunk.delayNanos() > 0) {
      var unused = ctx.executor().schedule(send, chunk.delayNanos(), TimeUnit.NANOSECONDS);
    } else {
      send.run();
    }
  }

  private static void endStream(LabResponse response) {
    Runnable end = response.onStreamEnd();
    if (end != null) {
      end.run();
    }
  }

  private void done(ChannelHandlerContext ctx, boolean close) {
    busy = false;
    if (close) {
      var unused = ctx.close();
      return;
    }
    processNext(ctx);
  }

  /** Go's answer to a request it cannot parse: a fixed text and a closed connection. */
  private void malformed(ChannelHandlerContext ctx, int status, String detail) {
    discarding = true;
    head = null;
    body = null;
    byte[] bytes = GoWire.malformedRequest(status, detail);
    ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    var unused = ctx.close();
  }
}
