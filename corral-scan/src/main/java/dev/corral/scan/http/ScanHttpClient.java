package dev.corral.scan.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The scanner's HTTP/1.1 client: non-blocking, one event loop per core, plain or TLS (any
 * certificate is accepted: the scanner observes, it does not trust).
 */
public final class ScanHttpClient implements AutoCloseable {
  private final EventLoopGroup group;
  private final Bootstrap plain;
  private final Bootstrap tls;
  private final ClientSettings settings;

  public ScanHttpClient(ClientSettings settings, int threads) {
    this.settings = settings;
    IoHandlerFactory factory =
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(threads, factory);
    SslContext ssl;
    try {
      ssl =
          SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
    this.plain = bootstrap(null);
    this.tls = bootstrap(ssl);
  }

  private Bootstrap bootstrap(SslContext ssl) {
    int readSeconds = (int) Math.max(1, settings.readTimeout().toSeconds());
    return new Bootstrap()
        .group(group)
        .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, false)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                if (ssl != null) {
                  ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                }
                ch.pipeline()
                    .addLast("idle", new IdleStateHandler(readSeconds, 0, 0, TimeUnit.SECONDS))
                    .addLast("http", new HttpClientCodec(8192, 65536, 65536))
                    .addLast("collector", new ResponseCollector(settings.maxBody()));
              }
            });
  }

  public ClientSettings settings() {
    return settings;
  }

  /**
   * Opens a connection. Completes exceptionally with {@link ConnectFailure} naming why: {@code
   * refused}, {@code timeout} or {@code unreachable}.
   */
  public CompletableFuture<HostSession> connect(
      InetSocketAddress address, boolean useTls, String hostHeader) {
    CompletableFuture<HostSession> session = new CompletableFuture<>();
    ChannelFuture future = (useTls ? tls : plain).connect(address);
    future.addListener(
        f -> {
          if (f.isSuccess()) {
            Channel ch = future.channel();
            session.complete(
                new HostSession(
                    ch,
                    ch.pipeline().get(ResponseCollector.class),
                    hostHeader,
                    settings.userAgent()));
          } else {
            session.completeExceptionally(new ConnectFailure(reason(f.cause())));
          }
        });
    return session;
  }

  private static String reason(Throwable cause) {
    if (cause instanceof io.netty.channel.ConnectTimeoutException) {
      return "timeout";
    }
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof ConnectException && message.contains("refused")) {
      return "refused";
    }
    if (message.contains("refused")) {
      return "refused";
    }
    return "unreachable";
  }

  /** Why a connection could not be made. */
  public static final class ConnectFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectFailure(String reason) {
      super(reason, null, false, false);
    }
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
