package dev.corral.core.scan;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One request the scanner made and the start of what came back, kept so a finding can be shown to
 * the host's owner.
 *
 * @param request e.g. {@code GET /api/version}
 * @param status HTTP status, or 0 when there was no HTTP answer
 * @param snippet the first bytes of the answer (headers summarised, body truncated)
 */
public record Evidence(
    @JsonProperty("request") String request,
    @JsonProperty("status") int status,
    @JsonProperty("snippet") String snippet) {

  /** Longest snippet kept per request. */
  public static final int MAX_SNIPPET = 256;

  public Evidence {
    if (snippet != null && snippet.length() > MAX_SNIPPET) {
      snippet = snippet.substring(0, MAX_SNIPPET) + "…";
    }
  }
}
