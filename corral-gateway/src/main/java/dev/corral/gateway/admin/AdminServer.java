package dev.corral.gateway.admin;

import dev.corral.gateway.config.Endpoint;
import dev.corral.gateway.http.Binding;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The operator's listener (loopback by default): {@code GET /metrics} (Prometheus text), {@code GET
 * /healthz} (200 while the gateway serves) and {@code GET /readyz} (200 only when the upstream
 * answers {@code GET /api/version}). Nothing else; no credentials, no request bodies.
 */
public final class AdminServer implements AutoCloseable {
  private final Channel channel;

  private AdminServer(Channel channel) {
    this.channel = channel;
  }

  /**
   * @param serving whether the gateway is accepting requests (false while it shuts down)
   */
  public static AdminServer start(
      Endpoint listen,
      EventLoopGroup group,
      GatewayMetrics metrics,
      Endpoint upstream,
      BooleanSupplier serving) {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(dev.corral.gateway.http.Transports.serverChannelClass(group))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new ReadTimeoutHandler(30))
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(4096))
                        .addLast(new Handler(metrics, upstream, serving));
                  }
                });
    return new AdminServer(Binding.bind(bootstrap, listen, "the admin listener"));
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final GatewayMetrics metrics;
    private final Endpoint upstream;
    private final BooleanSupplier serving;

    Handler(GatewayMetrics metrics, Endpoint upstream, BooleanSupplier serving) {
      this.metrics = metrics;
      this.upstream = upstream;
      this.serving = serving;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (!request.decoderResult().isSuccess()) {
        send(ctx, 400, "text/plain; charset=utf-8", "bad request\n", false);
        return;
      }
      if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
        send(ctx, 405, "text/plain; charset=utf-8", "method not allowed\n", keepAlive);
        return;
      }
      String path = request.uri();
      int q = path.indexOf('?');
      path = q < 0 ? path : path.substring(0, q);
      switch (path) {
        case "/metrics" ->
            send(ctx, 200, GatewayMetrics.contentType(), metrics.scrape(), keepAlive);
        case "/healthz" ->
            send(
                ctx,
                serving.getAsBoolean() ? 200 : 503,
                "text/plain; charset=utf-8",
                serving.getAsBoolean() ? "ok\n" : "shutting down\n",
                keepAlive);
        case "/readyz" -> ready(ctx, keepAlive);
        default -> send(ctx, 404, "text/plain; charset=utf-8", "not found\n", keepAlive);
      }
    }

    private void ready(ChannelHandlerContext ctx, boolean keepAlive) {
      if (!serving.getAsBoolean()) {
        send(ctx, 503, "text/plain; charset=utf-8", "shutting down\n", keepAlive);
        return;
      }
      ReadinessProbe.check(
          upstream,
          ctx.channel().eventLoop(),
          up ->
              send(
                  ctx,
                  up ? 200 : 503,
                  "text/plain; charset=utf-8",
                  up ? "ready\n" : "upstream unreachable\n",
                  keepAlive));
    }

    private static void send(
        ChannelHandlerContext ctx, int status, String type, String body, boolean keepAlive) {
      send(ctx, status, type, body.getBytes(StandardCharsets.UTF_8), keepAlive);
    }

    private static void send(
        ChannelHandlerContext ctx, int status, String type, byte[] body, boolean keepAlive) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(status),
              Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      response.headers().set("Cache-Control", "no-store");
      if (!keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
      }
      var future = ctx.writeAndFlush(response);
      if (!keepAlive) {
        future.addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
