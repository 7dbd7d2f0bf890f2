package dev.corral.gateway.http;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * Event loop groups that remember their {@link Transport}, so that every channel the gateway opens
 * on one (listener, upstream connections, readiness probes) is of the matching kind.
 */
public final class Transports {
  private Transports() {}

  /** A group of {@code threads} loops on the {@link Transport#best} transport. */
  public static EventLoopGroup newGroup(int threads) {
    return newGroup(threads, Transport.best());
  }

  /** A group of {@code threads} loops on {@code transport}. */
  public static EventLoopGroup newGroup(int threads, Transport transport) {
    return new Group(threads, transport);
  }

  /** The transport of a group made here; for any other group, the best one available. */
  public static Transport of(EventLoopGroup group) {
    if (group instanceof Group g) {
      return g.transport;
    }
    if (group instanceof EventLoop loop && loop.parent() instanceof Group g) {
      return g.transport;
    }
    return Transport.best();
  }

  /** The server socket class for listeners on {@code group}. */
  public static Class<? extends ServerChannel> serverChannelClass(EventLoopGroup group) {
    return of(group).serverChannel();
  }

  /** The client socket class for connections made on {@code group} (or one of its loops). */
  public static Class<? extends SocketChannel> socketChannelClass(EventLoopGroup group) {
    return of(group).socketChannel();
  }

  private static final class Group extends MultiThreadIoEventLoopGroup {
    final Transport transport;

    Group(int threads, Transport transport) {
      super(threads, transport.handlerFactory());
      this.transport = transport;
    }
  }
}
