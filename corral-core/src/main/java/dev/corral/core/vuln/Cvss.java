package dev.corral.core.vuln;

import java.util.Objects;

/**
 * A CVSS base score as some source published it.
 *
 * @param score the base score, 0.1 to 10.0
 * @param version the CVSS version ("3.1", "4.0"), or null when the source did not say
 * @param vector the full vector string, or null when it was not retrieved
 * @param source who published the score, and how reliable that is
 */
public record Cvss(double score, String version, String vector, String source) {
  public Cvss {
    if (!(score > 0.0 && score <= 10.0)) {
      throw new IllegalArgumentException("score " + score + " is not between 0.1 and 10.0");
    }
    Objects.requireNonNull(source, "source");
    if (source.isBlank()) {
      throw new IllegalArgumentException("source is empty: say who published the score");
    }
  }

  public Severity severity() {
    return Severity.ofScore(score);
  }
}
