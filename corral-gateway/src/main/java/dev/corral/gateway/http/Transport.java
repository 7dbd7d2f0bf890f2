package dev.corral.gateway.http;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;

/**
 * How the gateway's event loops talk to the kernel. io_uring is the default where the kernel allows
 * it: on a 2-core virtual machine it cut the gateway's CPU per proxied request by 7 to 30 % against
 * epoll (BENCHMARKS.md), since a batch of socket reads and writes costs one system call instead of
 * one each. Containers often forbid io_uring (Docker's default seccomp profile does); then epoll,
 * and NIO where neither native library loads.
 */
public enum Transport {
  IO_URING("io_uring"),
  EPOLL("epoll"),
  NIO("nio");

  private final String id;

  Transport(String id) {
    this.id = id;
  }

  /** The name used in the configuration and on the command line. */
  public String id() {
    return id;
  }

  /** Whether this machine and process can use it. */
  public boolean available() {
    return switch (this) {
      case IO_URING -> IoUring.isAvailable();
      case EPOLL -> Epoll.isAvailable();
      case NIO -> true;
    };
  }

  /** Why it cannot be used here, for an error message; null when it can. */
  public String unavailableBecause() {
    Throwable cause =
        switch (this) {
          case IO_URING -> IoUring.unavailabilityCause();
          case EPOLL -> Epoll.unavailabilityCause();
          case NIO -> null;
        };
    if (cause == null) {
      return available() ? null : "not supported here";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  IoHandlerFactory handlerFactory() {
    return switch (this) {
      case IO_URING -> IoUringIoHandler.newFactory();
      case EPOLL -> EpollIoHandler.newFactory();
      case NIO -> NioIoHandler.newFactory();
    };
  }

  Class<? extends ServerChannel> serverChannel() {
    return switch (this) {
      case IO_URING -> IoUringServerSocketChannel.class;
      case EPOLL -> EpollServerSocketChannel.class;
      case NIO -> NioServerSocketChannel.class;
    };
  }

  Class<? extends SocketChannel> socketChannel() {
    return switch (this) {
      case IO_URING -> IoUringSocketChannel.class;
      case EPOLL -> EpollSocketChannel.class;
      case NIO -> NioSocketChannel.class;
    };
  }

  /** The fastest one available: io_uring, then epoll, then NIO. */
  public static Transport best() {
    for (Transport t : values()) {
      if (t.available()) {
        return t;
      }
    }
    return NIO;
  }

  /**
   * Reads a configured name: {@code auto} (the {@link #best} one), {@code io_uring}, {@code epoll}
   * or {@code nio}.
   *
   * @throws IllegalArgumentException for any other name, or a transport this machine cannot use
   */
  public static Transport parse(String text) {
    String name = text.strip().toLowerCase(Locale.ROOT);
    if (name.equals("auto")) {
      return best();
    }
    for (Transport t : values()) {
      if (t.id.equals(name)) {
        if (!t.available()) {
          throw new IllegalArgumentException(
              t.id + " cannot be used on this machine (" + t.unavailableBecause() + ")");
        }
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown transport '" + text + "': expected auto, io_uring, epoll or nio");
  }
}
