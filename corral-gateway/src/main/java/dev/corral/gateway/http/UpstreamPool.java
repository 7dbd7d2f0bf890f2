package dev.corral.gateway.http;

import dev.corral.gateway.config.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keep-alive connections to the upstream, one small pool per event loop so that a client connection
 * and the upstream connection it uses share a thread (no locks, no hand-offs). Each deque is
 * touched only from its own event loop.
 */
public final class UpstreamPool {
  /** Idle connections kept per event loop; more are closed when returned. */
  static final int MAX_IDLE_PER_LOOP = 64;

  private final InetSocketAddress address;
  private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();

  public UpstreamPool(Endpoint upstream) {
    this.address = upstream.socketAddress();
  }

  /**
   * Lends a connection on {@code loop}: an idle one when there is one, else a new one.
   *
   * @param connected called on {@code loop} with the connection
   * @param failed called on {@code loop} with the connect failure
   */
  void acquire(EventLoop loop, Consumer<Channel> connected, Consumer<Throwable> failed) {
    ArrayDeque<Channel> deque = idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
    Channel ch;
    while ((ch = deque.pollFirst()) != null) {
      if (ch.isActive()) {
        connected.accept(ch);
        return;
      }
    }
    ChannelFuture f =
        new Bootstrap()
            .group(loop)
            .channel(Transports.socketChannelClass(loop))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel c) {
                    UpstreamResponseDecoder decoder =
                        new UpstreamResponseDecoder(
                            new HttpDecoderConfig()
                                .setMaxInitialLineLength(64 << 10)
                                .setMaxHeaderSize(1 << 20)
                                .setMaxChunkSize(64 << 10)
                                // The handler copies these fields to the client unchecked.
                                .setValidateHeaders(true));
                    c.pipeline()
                        .addLast("decoder", decoder)
                        .addLast("upstream", new UpstreamHandler(decoder));
                  }
                })
            .connect(address);
    f.addListener(
        future -> {
          if (future.isSuccess()) {
            Channel fresh = f.channel();
            fresh.closeFuture().addListener(closed -> deque.remove(fresh));
            connected.accept(fresh);
          } else {
            failed.accept(future.cause());
          }
        });
  }

  /** Whether a connection came from the pool (so a failure may be a stale connection). */
  static UpstreamHandler handler(Channel ch) {
    return (UpstreamHandler) ch.pipeline().get("upstream");
  }

  /** Takes a connection back after a complete exchange; called on its event loop. */
  void release(Channel ch) {
    handler(ch).detach();
    ch.config().setAutoRead(true);
    ArrayDeque<Channel> deque = idle.computeIfAbsent(ch.eventLoop(), l -> new ArrayDeque<>());
    if (!ch.isActive() || deque.size() >= MAX_IDLE_PER_LOOP) {
      ch.close();
      return;
    }
    deque.addFirst(ch);
  }

  /** Closes every idle connection. */
  public void close() {
    idle.forEach(
        (loop, deque) ->
            loop.execute(
                () -> {
                  Channel ch;
                  while ((ch = deque.pollFirst()) != null) {
                    ch.close();
                  }
                }));
  }
}
