package dev.corral.scan.job;

import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.record.Enrichment;
import dev.corral.scan.target.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Turns a target as written into one to connect to: IP literals as they are (no lookup), names
 * through the system resolver (first address), with the name kept for the Host header.
 */
public final class TargetResolver {
  private TargetResolver() {}

  /** The resolved target, or empty when a name does not resolve. */
  public static Optional<ScanTarget> resolve(Target target, Enrichment.Place hint, long position) {
    InetAddress address;
    try {
      address =
          target.hostIsAddress()
              ? InetAddress.getByName(target.host().replace("[", "").replace("]", ""))
              : InetAddress.getByName(target.host());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    boolean tls = target.scheme().equals(Target.HTTPS);
    String hostHeader =
        target.hostIsAddress()
            ? ScanTarget.of("", new InetSocketAddress(address, target.port()), tls).hostHeader()
            : target.authority();
    return Optional.of(
        new ScanTarget(
            target.label(),
            new InetSocketAddress(address, target.port()),
            hostHeader,
            tls,
            hint,
            position));
  }
}
