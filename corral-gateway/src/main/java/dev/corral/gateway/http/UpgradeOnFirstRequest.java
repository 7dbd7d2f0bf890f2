package dev.corral.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;

/**
 * Offers the h2c upgrade on a plain connection's first request only. Netty's upgrade handler looks
 * at every HTTP/1.1 message for as long as it is in the pipeline, one decoder hop per message for
 * the life of a keep-alive connection. Clients that upgrade (curl {@code --http2}, Java's
 * HttpClient) ask on the first request, RFC 9110 section 7.8 lets a server ignore an Upgrade field,
 * and RFC 9113 deprecates the h2c upgrade altogether. So once the first request has come through
 * without switching, the upgrade handler and this one leave; a later {@code Upgrade: h2c} is served
 * as the HTTP/1.1 request it also is, its Upgrade and HTTP2-Settings fields dropped as hop-by-hop
 * like any others.
 *
 * <p>An upgrading request never gets here: the upgrade handler hands it to HTTP/2 stream 1, and the
 * switch to HTTP/2 takes this handler out with the rest of the HTTP/1.1 ones.
 */
final class UpgradeOnFirstRequest extends ChannelInboundHandlerAdapter {
  static final String NAME = "upgrade-on-first-request";

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      ChannelPipeline p = ctx.pipeline();
      // Between the head and its body is safe: the upgrade handler holds nothing unless it is
      // gathering an upgrade request, and that one would not have come through.
      if (p.get(HttpServerUpgradeHandler.class) != null) {
        p.remove(HttpServerUpgradeHandler.class);
      }
      p.remove(this);
    }
    ctx.fireChannelRead(msg);
  }
}
