package dev.corral.gateway.http;

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
 * The header timeout of an HTTP/2 connection: while no stream is open, a complete request head must
 * arrive within {@code limits.header_timeout} (of the connection's start or its last stream's end),
 * or the connection is closed. Without it, PING frames or a HEADERS block trickled out in
 * CONTINUATION frames would keep a connection busy forever without ever making a request, and the
 * idle timeout would never fire (every frame counts as activity).
 */
final class Http2HeaderTimer extends ChannelInboundHandlerAdapter {
  private final Http2Connection connection;
  private final long timeoutNanos;
  private long quietSince = System.nanoTime();
  private ScheduledFuture<?> check;

  private Http2HeaderTimer(Http2Connection connection, Duration timeout) {
    this.connection = connection;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Adds the timer right after the pipeline's HTTP/2 frame codec. */
  static void install(ChannelPipeline p, Duration timeout) {
    Http2FrameCodec codec = p.get(Http2FrameCodec.class);
    if (codec == null) {
      return;
    }
    p.addAfter(
        p.context(codec).name(),
        "h2-header-timer",
        new Http2HeaderTimer(codec.connection(), timeout));
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    connection.addListener(
        new Http2ConnectionAdapter() {
          @Override
          public void onStreamClosed(Http2Stream stream) {
            quietSince = System.nanoTime();
          }
        });
    schedule(ctx, timeoutNanos);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void schedule(ChannelHandlerContext ctx, long delayNanos) {
    check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  private void check(ChannelHandlerContext ctx) {
    check = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    if (connection.numActiveStreams() > 0) {
      quietSince = System.nanoTime();
      schedule(ctx, timeoutNanos);
      return;
    }
    long quiet = System.nanoTime() - quietSince;
    if (quiet >= timeoutNanos) {
      ctx.close();
      return;
    }
    schedule(ctx, timeoutNanos - quiet);
  }
}
