package dev.corral.scan.source;

import dev.corral.scan.target.Target;
import java.util.List;

/**
 * A target another tool reported, with what that tool knew about it: used to enrich results and,
 * with {@code --passive}, recorded without contacting the host.
 *
 * @param target where to probe; the label is {@code ip:port} ({@code [ip]:port} for IPv6), or the
 *     line as written for plain lists
 * @param source {@code shodan}, {@code censys}, {@code masscan}, {@code zmap} or {@code list}
 * @param country ISO 3166 alpha-2 country code from the source, or null
 * @param asn autonomous system number from the source, or null
 * @param org network owner from the source, or null
 * @param hostnames names the source associates with the address; empty when none
 */
public record Candidate(
    Target target, String source, String country, Long asn, String org, List<String> hostnames) {

  public Candidate {
    if (target == null) {
      throw new IllegalArgumentException("a candidate needs a target");
    }
    hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
  }

  /** A candidate with nothing known beyond its target. */
  static Candidate bare(Target target, String source) {
    return new Candidate(target, source, null, null, null, List.of());
  }
}
