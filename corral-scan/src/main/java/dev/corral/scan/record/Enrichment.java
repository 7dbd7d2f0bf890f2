package dev.corral.scan.record;

import java.net.InetAddress;

/**
 * Where an address is: country, network, owner. Offline databases or what a candidate source said;
 * a no-op when nothing is known.
 */
public interface Enrichment {
  /** Country (ISO alpha-2), ASN and organisation, each possibly null. */
  record Place(String country, Long asn, String org) {
    public static final Place UNKNOWN = new Place(null, null, null);
  }

  Place locate(InetAddress address);

  Enrichment NONE = address -> Place.UNKNOWN;
}
