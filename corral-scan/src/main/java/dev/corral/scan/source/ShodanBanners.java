package dev.corral.scan.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.scan.target.Target;
import java.util.List;

/**
 * Shodan banners: the elements of a search response's {@code matches} and the lines of {@code
 * shodan download}. One banner is one service: {@code ip_str}, {@code port}, {@code transport}, and
 * what Shodan knows about the host ({@code location.country_code}, {@code asn}, {@code org}, {@code
 * hostnames}). A banner with an {@code ssl} object was collected over TLS.
 */
final class ShodanBanners {
  private ShodanBanners() {}

  static List<Candidate> candidates(JsonNode banner) {
    if (!banner.isObject()) {
      throw new BadRecord(
          "expected a JSON object (a Shodan banner), found " + banner.getNodeType());
    }
    String transport = Fields.text(banner, "transport");
    if (transport != null && !transport.equalsIgnoreCase("tcp")) {
      return List.of(); // UDP banners cannot be an HTTP server
    }
    String address = Fields.requiredText(banner, "ip_str");
    int port = Fields.port(banner, "port");
    JsonNode ssl = banner.get("ssl");
    String scheme = ssl != null && ssl.isObject() ? Target.HTTPS : Target.HTTP;
    return List.of(
        new Candidate(
            Fields.target(address, port, scheme, "ip_str"),
            "shodan",
            Fields.country(Fields.text(banner, "location", "country_code")),
            Fields.asn(banner.get("asn")),
            Fields.text(banner, "org"),
            Fields.strings(banner, "hostnames")));
  }
}
