package dev.corral.scan.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.scan.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Censys Search v2 host hits: {@code ip}, {@code services[]} (each {@code port}, {@code
 * service_name}, {@code extended_service_name}, {@code transport_protocol}), {@code
 * location.country_code}, {@code autonomous_system.asn} and {@code .name}. One hit gives one
 * candidate per TCP service; {@code extended_service_name: HTTPS} means TLS.
 *
 * <p>The Platform API's host resource has the same top-level fields; its services name the protocol
 * in {@code protocol} instead of {@code service_name}, and a {@code tls} object means TLS.
 */
final class CensysHosts {
  private CensysHosts() {}

  static List<Candidate> candidates(JsonNode hit) {
    return candidates(hit, (port, serviceName) -> true);
  }

  /** The candidates of the TCP services the filter accepts. */
  static List<Candidate> candidates(JsonNode hit, ApiHits.ServiceFilter filter) {
    if (!hit.isObject()) {
      throw new BadRecord("expected a JSON object (a Censys host), found " + hit.getNodeType());
    }
    String address = Fields.requiredText(hit, "ip");
    JsonNode services = hit.get("services");
    if (services == null || !services.isArray()) {
      throw new BadRecord("no 'services' list");
    }
    String country = Fields.country(Fields.text(hit, "location", "country_code"));
    Long asn = Fields.asn(Fields.at(hit, "autonomous_system", "asn"));
    String org = Fields.text(hit, "autonomous_system", "name");
    Set<String> names = new LinkedHashSet<>(Fields.strings(hit, "dns", "names"));
    names.addAll(Fields.strings(hit, "dns", "reverse_dns", "names"));
    List<Candidate> out = new ArrayList<>();
    int index = 0;
    for (JsonNode service : services) {
      String field = "services[" + index++ + "]";
      if (!service.isObject()) {
        throw new BadRecord(field + " is not an object");
      }
      String transport = Fields.text(service, "transport_protocol");
      if (transport != null && !transport.equalsIgnoreCase("tcp")) {
        continue; // UDP and QUIC services are not what we probe
      }
      int port;
      try {
        port = Fields.port(service, "port");
      } catch (BadRecord e) {
        throw new BadRecord(field + ": " + e.getMessage());
      }
      String name = Fields.text(service, "service_name");
      if (!filter.accept(port, name != null ? name : Fields.text(service, "protocol"))) {
        continue;
      }
      String extended = Fields.text(service, "extended_service_name");
      JsonNode tls = service.get("tls");
      boolean secure =
          (extended != null && extended.equalsIgnoreCase("HTTPS"))
              || (tls != null && tls.isObject());
      String scheme = secure ? Target.HTTPS : Target.HTTP;
      out.add(
          new Candidate(
              Fields.target(address, port, scheme, "ip"),
              "censys",
              country,
              asn,
              org,
              List.copyOf(names)));
    }
    return out;
  }
}
