package dev.corral.scan.source.api;

import java.util.List;
import java.util.Map;

/**
 * Counts for a Shodan query, from {@code /shodan/host/count} (which costs no query credits).
 *
 * @param total results the query matches
 * @param facets for each facet asked for ({@code country}, {@code version}, {@code org}, {@code
 *     port}...), its top values with their counts, largest first, in the order Shodan gave them
 */
public record ShodanFacets(long total, Map<String, List<Bucket>> facets) {

  /** One value of a facet, e.g. {@code DE} with 3,550 results. */
  public record Bucket(String value, long count) {}

  public ShodanFacets {
    facets = Map.copyOf(facets);
  }

  /** The buckets of one facet; empty when Shodan gave none. */
  public List<Bucket> facet(String name) {
    return facets.getOrDefault(name, List.of());
  }
}
