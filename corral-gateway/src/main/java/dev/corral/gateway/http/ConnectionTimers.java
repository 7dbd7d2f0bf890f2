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
 * connection opening), a request body that stops arriving for the idle timeout ends the connection,
 * an answer the client does not take within the idle timeout of its last piece being written ends
 * it too, and a keep-alive connection with no request in flight is closed after the idle timeout. A
 * request in flight (a long generation, a big upload) is not timed here; the upstream timeout
 * covers the wait for an answer.
 *
 * <p>One timer per connection, never rescheduled per request: the state changes of a request only
 * note the time, and the timer, when it fires, checks the deadline of the state the connection is
 * in then and sets itself again for what is left. It never waits longer than the shorter of the two
 * timeouts, so a deadline noted after it was set can never be later than its firing. The timers
 * this replaces (head, idle, body) were each scheduled and cancelled on every request of a
 * kept-alive connection.
 */
final class ConnectionTimers extends ChannelDuplexHandler {
  private static final byte[] TIMEOUT =
      ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
              + "Connection: close\r\nContent-Length: 39\r\n\r\n"
              + "{\"error\":\"request header read timeout\"}")
          .getBytes(StandardCharsets.US_ASCII);

  /** What is being waited for; the timer judges the deadline of the state it finds. */
  private enum State {
    /** The request head: it must be whole within the header timeout. */
    HEAD,
    /** The request body: each piece within the idle timeout of the last. */
    BODY,
    /** The upstream's answer: not timed here. */
    ANSWER,
    /**
     * The answer is all handed to the socket: the client must take it within the idle timeout. A
     * client that stops reading would otherwise hold its stream slot and connection for good.
     */
    FLUSH,
    /** The next request on a kept-alive connection: within the idle timeout. */
    IDLE
  }

  private final long headerNanos;
  private final long idleNanos;
  private final long longestWait;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private State state = State.HEAD;

  /** When the current state's clock started: the head's first byte, the last body read, idling. */
  private long since;

  ConnectionTimers(Duration headerTimeout, Duration idleTimeout) {
    this.headerNanos = headerTimeout.toNanos();
    this.idleNanos = idleTimeout.toNanos();
    this.longestWait = Math.min(headerNanos, idleNanos);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive()) {
      // Added after TLS negotiation: the connection is already open.
      enter(State.HEAD);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    enter(State.HEAD);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.BODY) {
      since = System.nanoTime();
    } else if (state == State.IDLE && msg instanceof ByteBuf b && b.isReadable()) {
      // The first byte of the next request starts its head's clock.
      enter(State.HEAD);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  /** A request head has been decoded: its body, if any, is timed by {@link #bodyPending}. */
  void requestStarted() {
    state = State.ANSWER;
  }

  /**
   * Whether a request body is still being received. While it is, a client that sends nothing for
   * the idle timeout is cut off (a slow-body slowloris), however long the whole upload takes.
   */
  void bodyPending(boolean pending) {
    if (pending && state != State.BODY) {
      enter(State.BODY);
    } else if (!pending && state == State.BODY) {
      state = State.ANSWER;
    }
  }

  /** The whole answer has been written: the client has the idle timeout to read it. */
  void answerWritten() {
    enter(State.FLUSH);
  }

  /** The exchange has ended and the connection stays open: wait for the next request. */
  void requestFinished() {
    if (ctx.channel().isActive()) {
      enter(State.IDLE);
    }
  }

  private void enter(State next) {
    state = next;
    since = System.nanoTime();
    if (timer == null) {
      timer = ctx.executor().schedule(this::fire, longestWait, TimeUnit.NANOSECONDS);
    }
  }

  private void fire() {
    timer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    long limit =
        switch (state) {
          case HEAD -> headerNanos;
          case BODY, IDLE, FLUSH -> idleNanos;
          case ANSWER -> -1;
        };
    if (limit < 0) {
      // Nothing to time until the exchange ends; requestFinished sets the timer again.
      return;
    }
    long left = since + limit - System.nanoTime();
    if (left > 0) {
      timer =
          ctx.executor().schedule(this::fire, Math.min(left, longestWait), TimeUnit.NANOSECONDS);
      return;
    }
    if (state == State.HEAD) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
