package dev.corral.audit.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Parses /proc/net/tcp and /proc/net/tcp6. Addresses are hex in the kernel's byte order: each
 * 32-bit word is little-endian on the machines Ollama runs on (x86-64, arm64), so each group of 8
 * hex digits is reversed byte by byte.
 */
public final class ProcNetTcp {
  private static final String LISTEN = "0A";

  private ProcNetTcp() {}

  /** The listening sockets in the file's text; {@code name} names the file in errors. */
  public static List<Listener> listeners(String text, String name) {
    List<Listener> out = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 10) {
        throw new LocalFileException(
            name + ":" + (i + 1) + ": expected at least 10 fields, found " + f.length);
      }
      if (!f[3].equalsIgnoreCase(LISTEN)) {
        continue;
      }
      int colon = f[1].indexOf(':');
      if (colon < 0) {
        throw new LocalFileException(
            name + ":" + (i + 1) + ": local address '" + f[1] + "' has no ':'");
      }
      try {
        InetAddress address = address(f[1].substring(0, colon));
        int port = Integer.parseInt(f[1].substring(colon + 1), 16);
        long inode = Long.parseLong(f[9]);
        out.add(new Listener(address, port, inode, name + ":" + (i + 1)));
      } catch (IllegalArgumentException | UnknownHostException e) {
        throw new LocalFileException(
            name + ":" + (i + 1) + ": cannot read local address '" + f[1] + "': " + e.getMessage(),
            e);
      }
    }
    return out;
  }

  static InetAddress address(String hex) throws UnknownHostException {
    if (hex.length() != 8 && hex.length() != 32) {
      throw new IllegalArgumentException("expected 8 or 32 hex digits");
    }
    byte[] raw = HexFormat.of().parseHex(hex);
    byte[] ordered = new byte[raw.length];
    for (int word = 0; word < raw.length; word += 4) {
      for (int b = 0; b < 4; b++) {
        ordered[word + b] = raw[word + 3 - b];
      }
    }
    return InetAddress.getByAddress(ordered);
  }
}
