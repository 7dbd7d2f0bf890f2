package dev.corral.core.vuln;

import java.util.Objects;

/** An advisory that applies to the queried version or range, and how sure that is. */
public record AdvisoryMatch(Advisory advisory, Certainty certainty) {

  /** How much of the queried versions an advisory covers. */
  public enum Certainty {
    /** Every queried version is affected (always so for a single, known version). */
    CERTAIN,
    /** Only some of the queried versions are affected. */
    POSSIBLE
  }

  public AdvisoryMatch {
    Objects.requireNonNull(advisory, "advisory");
    Objects.requireNonNull(certainty, "certainty");
  }
}
