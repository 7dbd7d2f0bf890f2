package dev.corral.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The slowloris defence of an HTTP/1.1 connection, placed before the codec so that it sees raw
 * bytes: a request head must arrive whole within the header timeout of its first byte (or of the
 * connection opening), and a keep-alive connection with no request in flight is closed after the
 * idle timeout. A request in flight (a long generation, a big upload) is not timed here; the
 * upstream timeout covers the wait for an answer.
 */
final class ConnectionTimers extends ChannelDuplexHandler {
  private static final byte[] TIMEOUT =
      ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
              + "Connection: close\r\nContent-Length: 39\r\n\r\n"
              + "{\"error\":\"request header read timeout\"}")
          .getBytes(StandardCharsets.US_ASCII);

  private final long headerNanos;
  private final long idleNanos;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> headTimer;
  private ScheduledFuture<?> idleTimer;
  private boolean inFlight;
  private boolean bodyPending;
  private long lastRead;
  private ScheduledFuture<?> bodyTimer;

  ConnectionTimers(Duration headerTimeout, Duration idleTimeout) {
    this.headerNanos = headerTimeout.toNanos();
    this.idleNanos = idleTimeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      // Added after TLS negotiation: the connection is already open.
      startHeadTimer();
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelHead();
    cancelIdle();
    cancelBody();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    startHeadTimer();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastRead = System.nanoTime();
    if (!inFlight && headTimer == null && msg instanceof ByteBuf b && b.isReadable()) {
      cancelIdle();
      startHeadTimer();
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelHead();
    cancelIdle();
    cancelBody();
    ctx.fireChannelInactive();
  }

  /** A request head has been decoded: no timer runs until the exchange ends. */
  void requestStarted() {
    inFlight = true;
    cancelHead();
    cancelIdle();
  }

  /**
   * Whether a request body is still being received. While it is, a client that sends nothing for
   * the idle timeout is cut off (a slow-body slowloris), however long the whole upload takes.
   */
  void bodyPending(boolean pending) {
    if (pending == bodyPending) {
      return;
    }
    bodyPending = pending;
    cancelBody();
    if (pending) {
      lastRead = System.nanoTime();
      scheduleBodyCheck(idleNanos);
    }
  }

  private void scheduleBodyCheck(long delay) {
    bodyTimer = ctx.executor().schedule(this::checkBody, delay, TimeUnit.NANOSECONDS);
  }

  private void checkBody() {
    bodyTimer = null;
    if (!bodyPending || !ctx.channel().isActive()) {
      return;
    }
    long quiet = System.nanoTime() - lastRead;
    if (quiet >= idleNanos) {
      ctx.close();
      return;
    }
    scheduleBodyCheck(idleNanos - quiet);
  }

  private void cancelBody() {
    if (bodyTimer != null) {
      bodyTimer.cancel(false);
      bodyTimer = null;
    }
  }

  /** The exchange has ended and the connection stays open: wait for the next request. */
  void requestFinished() {
    inFlight = false;
    bodyPending(false);
    cancelHead();
    cancelIdle();
    if (ctx.channel().isActive()) {
      idleTimer = ctx.executor().schedule(() -> ctx.close(), idleNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void startHeadTimer() {
    if (headTimer == null) {
      headTimer = ctx.executor().schedule(this::headTimedOut, headerNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void headTimedOut() {
    headTimer = null;
    if (!inFlight && ctx.channel().isActive()) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void cancelHead() {
    if (headTimer != null) {
      headTimer.cancel(false);
      headTimer = null;
    }
  }

  private void cancelIdle() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }
}
