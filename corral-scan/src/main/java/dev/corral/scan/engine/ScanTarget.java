package dev.corral.scan.engine;

import dev.corral.scan.record.Enrichment;
import java.net.InetSocketAddress;

/**
 * A resolved target: where to connect and what to call it.
 *
 * @param label the target as the user or source wrote it
 * @param address the IP address and port to connect to
 * @param hostHeader the Host header to send (the name when one was given, else ip:port)
 * @param tls whether to speak TLS (https)
 * @param hint what the candidate's source said about the address (country, ASN, owner), or null
 * @param position the target's index in a resumable target stream, or -1
 */
public record ScanTarget(
    String label,
    InetSocketAddress address,
    String hostHeader,
    boolean tls,
    Enrichment.Place hint,
    long position) {

  public ScanTarget(String label, InetSocketAddress address, String hostHeader, boolean tls) {
    this(label, address, hostHeader, tls, null, -1);
  }

  public static ScanTarget of(String label, InetSocketAddress address, boolean tls) {
    String ip = address.getAddress().getHostAddress();
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return new ScanTarget(label, address, host + ":" + address.getPort(), tls);
  }

  /** The same target spoken to with or without TLS. */
  public ScanTarget withTls(boolean value) {
    return new ScanTarget(label, address, hostHeader, value, hint, position);
  }

  public String scheme() {
    return tls ? "https" : "http";
  }
}
