package dev.corral.core.vuln;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * The OSV record an advisory's affected versions and fix were last taken from.
 *
 * @param osvId the record's id, e.g. GO-2024-2901
 * @param modified the record's own modification time, or null
 * @param reviewStatus the Go vulndb's review status (REVIEWED, UNREVIEWED), or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OsvOrigin(String osvId, String modified, String reviewStatus) {
  public OsvOrigin {
    Objects.requireNonNull(osvId, "osvId");
  }
}
