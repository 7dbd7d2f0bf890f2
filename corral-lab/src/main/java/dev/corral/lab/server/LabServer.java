package dev.corral.lab.server;

import dev.corral.lab.Emulator;
import dev.corral.lab.tls.LabCertificate;
import dev.corral.lab.tls.TlsFront;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslContext;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;

/**
 * One emulated Ollama host listening on one loopback address. Many share an event loop group (see
 * {@link Lab}); each has its own emulator and therefore its own models and state.
 */
public final class LabServer implements AutoCloseable {
  /** Largest request body the lab accepts (Ollama has no limit; the lab is not for weights). */
  public static final int MAX_BODY = 64 * 1024 * 1024;

  /** Go's DefaultMaxHeaderBytes: request line plus headers. */
  static final int MAX_HEADER_BYTES = 1 << 20;

  private final Channel channel;
  private final Emulator emulator;

  private LabServer(Channel channel, Emulator emulator) {
    this.channel = channel;
    this.emulator = emulator;
  }

  /**
   * Binds and starts serving.
   *
   * @throws LabStartException when the address is not loopback, or already in use
   */
  public static LabServer start(
      Emulator emulator, InetSocketAddress address, EventLoopGroup group, Clock clock) {
    if (!address.getAddress().isLoopbackAddress()) {
      throw new LabStartException(
          "the lab only listens on loopback addresses (127.0.0.0/8, ::1), not "
              + address.getAddress().getHostAddress());
    }
    SslContext tls;
    try {
      tls = emulator.persona().tls() ? LabCertificate.get().serverContext() : null;
    } catch (IllegalStateException e) {
      throw new LabStartException(e.getMessage(), e);
    }
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(Transports.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    HttpDecoderConfig config =
                        new HttpDecoderConfig()
                            .setMaxInitialLineLength(MAX_HEADER_BYTES)
                            .setMaxHeaderSize(MAX_HEADER_BYTES)
                            .setMaxChunkSize(64 * 1024);
                    if (tls != null) {
                      ch.pipeline().addLast("front", new TlsFront(tls));
                    }
                    ch.pipeline()
                        .addLast("decoder", new HttpRequestDecoder(config))
                        .addLast("lab", new LabChannelHandler(emulator, clock));
                  }
                });
    try {
      Channel channel = bootstrap.bind(address).sync().channel();
      return new LabServer(channel, emulator);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabStartException("interrupted while binding " + describe(address), e);
    } catch (Exception e) {
      if (e instanceof BindException
          || e.getCause() instanceof BindException
          || String.valueOf(e.getMessage()).contains("Address already in use")) {
        throw new LabStartException(
            describe(address) + " is already in use (is another Ollama or lab running?)", e);
      }
      throw new LabStartException(
          "cannot listen on " + describe(address) + ": " + e.getMessage(), e);
    }
  }

  private static String describe(InetSocketAddress address) {
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Base URL such as {@code http://127.0.10.1:11434} ({@code https} behind a TLS front). */
  public String url() {
    InetSocketAddress a = address();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    String scheme = emulator.persona().tls() ? "https" : "http";
    return scheme + "://" + host + ":" + a.getPort();
  }

  public Emulator emulator() {
    return emulator;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
