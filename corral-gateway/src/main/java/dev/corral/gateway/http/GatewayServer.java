package dev.corral.gateway.http;

import dev.corral.gateway.config.Endpoint;
import dev.corral.gateway.config.TlsFiles;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * The client-facing listener: HTTP/1.1 with keep-alive, h2c (prior knowledge, or Upgrade on a
 * connection's first request) on plain connections, and TLS with ALPN (h2, then http/1.1) when a
 * certificate is configured. Every request, whatever the protocol, ends up in a {@link
 * ProxyHandler}.
 */
public final class GatewayServer implements AutoCloseable {
  /** Streams one HTTP/2 connection may have open at once. */
  static final int MAX_CONCURRENT_STREAMS = 128;

  /** The handlers of a plain connection that only HTTP/1.1 may pass through. */
  private static final java.util.List<String> HTTP1_HANDLERS =
      java.util.List.of("timers", "head-guard", UpgradeOnFirstRequest.NAME, "proxy");

  private final DataPath path;
  private final SslContext tls;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();

  /** Connections open now by client address, for {@code limits.max_connections_per_ip}. */
  private final ConcurrentHashMap<InetAddress, Integer> byIp = new ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicLong refused =
      new java.util.concurrent.atomic.AtomicLong();
  private Channel listener;

  private GatewayServer(DataPath path, SslContext tls) {
    this.path = path;
    this.tls = tls;
  }

  /**
   * Binds {@code listen} on {@code group} and starts serving.
   *
   * @throws GatewayStartException when the address cannot be bound or the TLS files are unusable
   */
  public static GatewayServer start(
      DataPath path, Endpoint listen, TlsFiles tlsFiles, EventLoopGroup group) {
    GatewayServer server = new GatewayServer(path, tlsFiles == null ? null : sslContext(tlsFiles));
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(Transports.serverChannelClass(group))
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (!server.admit(ch)) {
                      return;
                    }
                    server.connections.add(ch);
                    server.configure(ch);
                  }
                });
    server.listener = Binding.bind(bootstrap, listen, "the gateway");
    return server;
  }

  /**
   * Counts the connection against {@code limits.max_connections} and, for its address, {@code
   * limits.max_connections_per_ip}; one beyond either cap is closed at once, before a single byte
   * of it is read, so a flood of idle sockets cannot exhaust the file descriptors the connections
   * being served need, and one host cannot take them all.
   */
  private boolean admit(SocketChannel ch) {
    int cap = path.limits().maxConnections();
    if (cap > 0 && open.incrementAndGet() > cap) {
      open.decrementAndGet();
      refused.incrementAndGet();
      ch.close();
      return false;
    }
    if (cap > 0) {
      ch.closeFuture().addListener(f -> open.decrementAndGet());
    }
    int perIp = path.limits().maxConnectionsPerIp();
    InetSocketAddress remote = ch.remoteAddress();
    if (perIp > 0 && remote != null && remote.getAddress() != null) {
      InetAddress ip = remote.getAddress();
      int now = byIp.merge(ip, 1, Integer::sum);
      // Given back when the connection closes; an address with none left is forgotten.
      ch.closeFuture().addListener(f -> byIp.computeIfPresent(ip, (k, n) -> n > 1 ? n - 1 : null));
      if (now > perIp) {
        refused.incrementAndGet();
        ch.close();
        return false;
      }
    }
    return true;
  }

  /** Client connections open now (counted only when a cap is configured). */
  public int openConnections() {
    return open.get();
  }

  /**
   * Connections closed on arrival because {@code limits.max_connections} were open, or {@code
   * limits.max_connections_per_ip} from the same address.
   */
  public long refusedConnections() {
    return refused.get();
  }

  static SslContext sslContext(TlsFiles files) {
    try {
      return SslContextBuilder.forServer(files.cert().toFile(), files.key().toFile())
          .applicationProtocolConfig(
              new ApplicationProtocolConfig(
                  ApplicationProtocolConfig.Protocol.ALPN,
                  ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                  ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                  ApplicationProtocolNames.HTTP_2,
                  ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new GatewayStartException(
          "cannot use the TLS certificate "
              + files.cert()
              + " and key "
              + files.key()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void configure(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    Duration headerTimeout = path.limits().headerTimeout();
    if (tls == null) {
      ConnectionTimers timers = timers();
      HttpServerCodec codec = codec();
      HttpServerUpgradeHandler upgrade =
          new HttpServerUpgradeHandler(
              codec,
              protocol ->
                  AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                      ? new Http2ServerUpgradeCodec(frameCodec(), multiplex()) {
                        @Override
                        public void upgradeTo(
                            ChannelHandlerContext ctx,
                            io.netty.handler.codec.http.FullHttpRequest request) {
                          super.upgradeTo(ctx, request);
                          dropHttp1(ctx.pipeline());
                          Http2HeaderTimer.install(
                              ctx.pipeline(), headerTimeout, path.limits().idleTimeout());
                        }
                      }
                      : null,
              (int) Math.min(Integer.MAX_VALUE, path.limits().maxJsonBody()));
      p.addLast("timers", timers)
          .addLast("head-guard", headGuard(true))
          .addLast(
              "h2c",
              new CleartextHttp2ServerUpgradeHandler(
                  codec,
                  upgrade,
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                      dropHttp1(c.pipeline());
                      http2(c.pipeline());
                    }
                  }))
          .addLast(UpgradeOnFirstRequest.NAME, new UpgradeOnFirstRequest())
          .addLast("proxy", new ProxyHandler(path, false, timers, inFlight));
      return;
    }
    SslHandler ssl = tls.newHandler(ch.alloc());
    ssl.setHandshakeTimeout(headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
    p.addLast("tls", ssl)
        .addLast(
            "alpn",
            new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
              @Override
              protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                // Anyone can fail a handshake: closed without a log line (QuietEnd says why).
                ctx.close();
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
              }

              @Override
              protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                  http2(ctx.pipeline());
                } else {
                  ConnectionTimers timers = timers();
                  ctx.pipeline()
                      .addLast("timers", timers)
                      .addLast("head-guard", headGuard(false))
                      .addLast("codec", codec())
                      .addLast("proxy", new ProxyHandler(path, true, timers, inFlight));
                }
              }
            });
  }

  /** After a switch to h2c: the HTTP/1.1 timers and handler must not see HTTP/2 bytes. */
  private static void dropHttp1(ChannelPipeline p) {
    for (String name : HTTP1_HANDLERS) {
      if (p.get(name) != null) {
        p.remove(name);
      }
    }
  }

  /** Makes the HTTP/1.1 decoder refuse obs-fold and sloppy request lines (see the class). */
  private Http1HeadGuard headGuard(boolean h2c) {
    return new Http1HeadGuard(path.limits().maxHeaderSize(), h2c);
  }

  private ConnectionTimers timers() {
    return new ConnectionTimers(path.limits().headerTimeout(), path.limits().idleTimeout());
  }

  private HttpServerCodec codec() {
    return new HttpServerCodec(
        new HttpDecoderConfig()
            .setMaxInitialLineLength(path.limits().maxHeaderSize())
            .setMaxHeaderSize(path.limits().maxHeaderSize())
            .setMaxChunkSize(64 << 10)
            .setValidateHeaders(true)
            .setAllowDuplicateContentLengths(false)
            .setAllowPartialChunks(true));
  }

  private Http2FrameCodec frameCodec() {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(
            Http2Settings.defaultSettings()
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                .maxHeaderListSize(path.limits().maxHeaderSize()))
        .validateHeaders(true)
        .build();
  }

  private Http2MultiplexHandler multiplex() {
    boolean secure = tls != null;
    return new Http2MultiplexHandler(
        new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel stream) {
            stream
                .pipeline()
                .addLast("h2-to-http", new Http2StreamFrameToHttpObjectCodec(true, true))
                .addLast("proxy", new ProxyHandler(path, secure, null, inFlight));
          }
        });
  }

  private void http2(ChannelPipeline p) {
    long idle = path.limits().idleTimeout().toMillis();
    // An h2 connection with nothing read or written for the idle timeout is closed.
    p.addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS))
        .addLast("idle-close", new IdleClose())
        .addLast("h2", frameCodec())
        .addLast("h2-streams", multiplex())
        .addLast("quiet-end", QuietEnd.INSTANCE);
    Http2HeaderTimer.install(p, path.limits().headerTimeout(), path.limits().idleTimeout());
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** Requests being served right now, all connections and streams together. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Stops accepting new connections; those open keep being served. */
  public void stopAccepting() {
    listener.close().syncUninterruptibly();
  }

  /**
   * Closes every connection once its requests are done, waiting up to {@code grace} for requests in
   * flight.
   */
  public void drain(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (listener.isOpen()) {
      stopAccepting();
    }
    connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  /**
   * The end of an HTTP/2 connection's pipeline. The frame codec has already answered a protocol
   * error (a reset stream or GOAWAY) when the exception arrives here; reaching Netty's tail instead
   * would log a stack trace of some fifty lines for every bad frame, which lets anyone who can
   * connect, key or no key, fill the gateway's log. A stream's error ends that stream only; any
   * other error closes the connection.
   */
  @io.netty.channel.ChannelHandler.Sharable
  private static final class QuietEnd extends io.netty.channel.ChannelInboundHandlerAdapter {
    static final QuietEnd INSTANCE = new QuietEnd();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!(cause instanceof io.netty.handler.codec.http2.Http2FrameStreamException)) {
        ctx.close();
      }
    }
  }

  /** Closes an HTTP/2 connection when the idle state handler says it has been idle. */
  private static final class IdleClose extends io.netty.channel.ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
        ctx.close();
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }
  }
}
