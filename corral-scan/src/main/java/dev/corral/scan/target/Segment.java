package dev.corral.scan.target;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * One indexable part of a {@link TargetSpace}: addresses × ports, or a short list of single hosts.
 * Index {@code i} of an address segment is address {@code i / ports} and port {@code i % ports};
 * the generator shuffles indices, so this order is never what the user sees.
 */
sealed interface Segment {
  long size();

  Target at(long index);

  /** Feeds a canonical description to the fingerprint: equal spaces give equal bytes. */
  void digest(MessageDigest digest);

  static void put(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * IPv4 addresses × ports.
   *
   * @param portInLabel false for the {@code --ports} group (label {@code 10.0.0.5}); true when the
   *     expression named its port (label {@code 10.0.0.5:8080})
   */
  record Ipv4(IntervalSet addresses, PortList ports, String scheme, boolean portInLabel)
      implements Segment {
    @Override
    public long size() {
      return Math.multiplyExact(addresses.size(), ports.size());
    }

    @Override
    public Target at(long index) {
      String host = Ipv4Text.format(addresses.at(index / ports.size()));
      int port = ports.get((int) (index % ports.size()));
      return new Target(portInLabel ? host + ":" + port : host, host, port, scheme);
    }

    @Override
    public void digest(MessageDigest digest) {
      put(digest, "ipv4 " + scheme + " " + ports + " " + portInLabel + "\n");
      for (int i = 0; i < addresses.intervalCount(); i++) {
        put(digest, addresses.first(i) + "-" + addresses.last(i) + "\n");
      }
    }
  }

  /** IPv6 addresses × ports, from CIDRs and ranges of bounded size. */
  record Ipv6(Ipv6Set addresses, PortList ports, String scheme, boolean portInLabel)
      implements Segment {
    @Override
    public long size() {
      return Math.multiplyExact(addresses.indexableSize(), ports.size());
    }

    @Override
    public Target at(long index) {
      BigInteger address = addresses.at(index / ports.size());
      String host = Ipv6Text.format(address);
      int port = ports.get((int) (index % ports.size()));
      return new Target(portInLabel ? "[" + host + "]:" + port : host, host, port, scheme);
    }

    @Override
    public void digest(MessageDigest digest) {
      put(digest, "ipv6 " + scheme + " " + ports + " " + portInLabel + "\n");
      for (int i = 0; i < addresses.intervalCount(); i++) {
        put(digest, addresses.first(i).toString(16) + "-" + addresses.last(i).toString(16) + "\n");
      }
    }
  }

  /** Host names, URLs and single IPv6 addresses: few, so kept as a list, labels as written. */
  record Singles(List<Target> targets) implements Segment {
    public Singles {
      targets = List.copyOf(targets);
    }

    @Override
    public long size() {
      return targets.size();
    }

    @Override
    public Target at(long index) {
      return targets.get(Math.toIntExact(index));
    }

    @Override
    public void digest(MessageDigest digest) {
      put(digest, "singles\n");
      for (Target target : targets) {
        put(
            digest,
            target.label()
                + "\t"
                + target.host()
                + "\t"
                + target.port()
                + "\t"
                + target.scheme()
                + "\n");
      }
    }
  }
}
