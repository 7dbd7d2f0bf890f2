package dev.corral.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 connection timers, for an HTTP/2 connection with no stream open. The first request
 * head must arrive within {@code header_timeout} of the connection starting; later, once a HEADERS,
 * CONTINUATION or PING frame starts on a connection with no stream open, a complete request head
 * must follow within {@code header_timeout}; and a connection with no stream open for {@code
 * idle_timeout} is closed however many frames keep it busy. Without this, PINGs or a header block
 * trickled out in CONTINUATION frames would hold a connection forever: every frame counts as
 * activity for the idle handler, and the codec only reports complete heads. Flow-control and
 * SETTINGS frames, which clients send on idle keep-alive connections, do not start the header
 * clock. Frame headers are read off the raw bytes (the codec does not report partial blocks).
 */
final class Http2HeaderTimer extends ChannelInboundHandlerAdapter {
  private final Http2Connection connection;
  private final long headerNanos;
  private final long idleNanos;
  private final long tickNanos;
  private boolean servedOne;
  private long idleSince = System.nanoTime();
  private long readSince;
  private boolean reading;
  private ScheduledFuture<?> tick;

  /** Bytes of the client preface still to skip (every h2 connection starts with it). */
  private int prefaceLeft = 24;

  private final byte[] frameHeader = new byte[9];
  private int frameHeaderFill;
  private long payloadLeft;

  private Http2HeaderTimer(Http2Connection connection, Duration header, Duration idle) {
    this.connection = connection;
    this.headerNanos = header.toNanos();
    this.idleNanos = idle.toNanos();
    this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), headerNanos / 4);
  }

  /** Adds the timers right in front of the pipeline's HTTP/2 frame codec, to see every read. */
  static void install(ChannelPipeline p, Duration header, Duration idle) {
    Http2FrameCodec codec = p.get(Http2FrameCodec.class);
    if (codec == null) {
      return;
    }
    p.addBefore(
        p.context(codec).name(),
        "h2-timers",
        new Http2HeaderTimer(codec.connection(), header, idle));
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // After an h2c upgrade the upgrading request is already stream 1.
    servedOne = connection.numActiveStreams() > 0;
    connection.addListener(
        new Http2ConnectionAdapter() {
          @Override
          public void onStreamActive(Http2Stream stream) {
            servedOne = true;
            reading = false;
          }

          @Override
          public void onStreamClosed(Http2Stream stream) {
            idleSince = System.nanoTime();
            reading = false;
          }
        });
    tick =
        ctx.executor()
            .scheduleAtFixedRate(() -> check(ctx), tickNanos, tickNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes) {
      scan(bytes);
    }
    ctx.fireChannelRead(msg);
  }

  /** Follows the frame boundaries in the raw bytes, without consuming them. */
  private void scan(ByteBuf bytes) {
    int i = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (i < end) {
      if (prefaceLeft > 0) {
        int n = Math.min(prefaceLeft, end - i);
        prefaceLeft -= n;
        i += n;
      } else if (payloadLeft > 0) {
        int n = (int) Math.min(payloadLeft, end - i);
        payloadLeft -= n;
        i += n;
      } else {
        frameHeader[frameHeaderFill++] = bytes.getByte(i++);
        if (frameHeaderFill == frameHeader.length) {
          frameHeaderFill = 0;
          payloadLeft =
              ((frameHeader[0] & 0xffL) << 16)
                  | ((frameHeader[1] & 0xffL) << 8)
                  | (frameHeader[2] & 0xffL);
          frameStarted(frameHeader[3] & 0xff);
        }
      }
    }
  }

  private void frameStarted(int type) {
    boolean headOrPing = type == HEADERS || type == CONTINUATION || type == PING;
    if (headOrPing && !reading && connection.numActiveStreams() == 0) {
      reading = true;
      readSince = System.nanoTime();
    }
  }

  private static final int HEADERS = 0x1;
  private static final int PING = 0x6;
  private static final int CONTINUATION = 0x9;

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void cancel() {
    if (tick != null) {
      tick.cancel(false);
      tick = null;
    }
  }

  private void check(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      cancel();
      return;
    }
    if (connection.numActiveStreams() > 0) {
      servedOne = true;
      reading = false;
      return;
    }
    long now = System.nanoTime();
    boolean headTooSlow =
        (!servedOne && now - idleSince >= headerNanos)
            || (reading && now - readSince >= headerNanos);
    if (headTooSlow || now - idleSince >= idleNanos) {
      cancel();
      ctx.close();
    }
  }
}
