package dev.corral.scan.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One record of a search API's answer as candidates, for the API clients of {@code
 * dev.corral.scan.source.api}: the same mapping the {@code --from} readers use for saved files, so
 * a host gets the same target, country, ASN, organisation and names whichever way it arrives.
 */
public final class ApiHits {
  private ApiHits() {}

  /** Which services of a Censys host become candidates. */
  @FunctionalInterface
  public interface ServiceFilter {
    /**
     * Whether the service becomes a candidate.
     *
     * @param port the service's TCP port
     * @param serviceName Censys's name for the protocol ({@code HTTP}, {@code SSH}, {@code
     *     UNKNOWN}...), or null when the hit has none
     */
    boolean accept(int port, String serviceName);
  }

  /**
   * One Shodan banner (an element of a search answer's {@code matches}): one candidate, or none for
   * a UDP banner.
   *
   * @throws IllegalArgumentException saying what is wrong with the banner (no {@code ip_str}, a bad
   *     port...)
   */
  public static List<Candidate> shodanBanner(JsonNode banner) {
    try {
      return ShodanBanners.candidates(banner);
    } catch (BadRecord e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * One Censys host (a Search v2 hit, or a Platform {@code host_v1.resource}): one candidate per
   * TCP service the filter accepts.
   *
   * @throws IllegalArgumentException saying what is wrong with the hit
   */
  public static List<Candidate> censysHost(JsonNode host, ServiceFilter filter) {
    try {
      return CensysHosts.candidates(host, filter);
    } catch (BadRecord e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
