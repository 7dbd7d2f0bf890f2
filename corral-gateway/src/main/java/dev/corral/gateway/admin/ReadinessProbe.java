package dev.corral.gateway.admin;

import dev.corral.gateway.config.Endpoint;
import dev.corral.gateway.http.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks the upstream {@code GET /api/version} on a fresh connection (never a pooled one, which could
 * outlive the upstream's listener) and reports whether it answered 200 within two seconds.
 */
final class ReadinessProbe {
  private static final int TIMEOUT_MILLIS = 2_000;

  private ReadinessProbe() {}

  /** Calls {@code result} exactly once, on {@code loop}. */
  static void check(Endpoint upstream, EventLoop loop, Consumer<Boolean> result) {
    boolean[] done = {false};
    Consumer<Boolean> once =
        ok -> {
          if (!done[0]) {
            done[0] = true;
            result.accept(ok);
          }
        };
    var connect =
        new Bootstrap()
            .group(loop)
            .channel(Transports.socketChannelClass(loop))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, TIMEOUT_MILLIS)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(
                            new SimpleChannelInboundHandler<HttpObject>() {
                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext ctx, HttpObject msg) {
                                if (msg instanceof HttpResponse r) {
                                  once.accept(r.status().code() == 200);
                                  ctx.close();
                                }
                              }

                              @Override
                              public void channelInactive(ChannelHandlerContext ctx) {
                                once.accept(false);
                              }

                              @Override
                              public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
                                once.accept(false);
                                ctx.close();
                              }
                            });
                  }
                })
            .connect(upstream.socketAddress());
    connect.addListener(
        f -> {
          if (!f.isSuccess()) {
            once.accept(false);
            return;
          }
          DefaultFullHttpRequest request =
              new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/version");
          request.headers().set(HttpHeaderNames.HOST, upstream.authority());
          request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
          var unused = connect.channel().writeAndFlush(request);
        });
    var unused =
        loop.schedule(
            () -> {
              once.accept(false);
              connect.channel().close();
            },
            TIMEOUT_MILLIS,
            TimeUnit.MILLISECONDS);
  }
}
