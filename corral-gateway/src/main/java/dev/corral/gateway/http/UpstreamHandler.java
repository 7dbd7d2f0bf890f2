package dev.corral.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of an upstream connection: hands what the upstream sends to the exchange the
 * connection is lent to. Anything that arrives while the connection sits idle in the pool is a
 * protocol violation (an unsolicited response), so the connection is closed.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  private final UpstreamResponseDecoder decoder;
  private UpstreamListener listener;
  private Throwable failure;

  UpstreamHandler(UpstreamResponseDecoder decoder) {
    this.decoder = decoder;
  }

  /** Lends the connection to {@code listener} for one request, which is about to be written. */
  void attach(UpstreamListener listener, boolean headRequest) {
    this.listener = listener;
    decoder.expectAnswerTo(headRequest);
  }

  void detach() {
    this.listener = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    UpstreamListener l = listener;
    if (l == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    l.upstreamRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    if (l != null) {
      l.upstreamReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    listener = null;
    if (l != null) {
      l.upstreamClosed(failure);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    if (l != null) {
      l.upstreamWritabilityChanged(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    failure = cause;
    ctx.close();
  }
}
