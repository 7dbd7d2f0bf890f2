package dev.corral.core.scan;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An advisory attached to a host.
 *
 * @param id CVE or corral id
 * @param certainty {@code certain} when every version the host may run is affected, {@code
 *     possible} when only part of its inferred version range is
 * @param severity critical, high, medium, low or unknown
 */
public record CveEntry(
    @JsonProperty("id") String id,
    @JsonProperty("certainty") String certainty,
    @JsonProperty("severity") String severity) {}
