package dev.corral.audit.local;

import java.net.InetAddress;

/**
 * A listening TCP socket from /proc/net/tcp or tcp6.
 *
 * @param address the local address it is bound to
 * @param port the local port
 * @param inode the socket inode, which ties it to a process's file descriptors
 * @param source the file and line it was read from
 */
public record Listener(InetAddress address, int port, long inode, String source) {

  /** Bound to 0.0.0.0 or ::, so every interface, not only loopback. */
  public boolean allInterfaces() {
    return address.isAnyLocalAddress();
  }

  public boolean loopback() {
    return address.isLoopbackAddress();
  }

  @Override
  public String toString() {
    String ip = address.getHostAddress();
    if (ip.equals("0:0:0:0:0:0:0:0")) {
      ip = "::";
    } else if (ip.equals("0:0:0:0:0:0:0:1")) {
      ip = "::1";
    }
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }
}
