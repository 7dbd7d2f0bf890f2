package dev.corral.core.vuln;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.corral.core.version.InvalidVersionException;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import dev.corral.core.version.VersionSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What corral keeps of one OSV record about Ollama: the facts an import may change (versions, fix,
 * aliases, references) and the text for an advisory that has no curated entry yet. The overlay file
 * stores these, not merged advisories, so curated fields always come from the running corral's own
 * data.
 *
 * @param affected ranges in {@link VersionRange} syntax, e.g. {@code <0.1.34}
 * @param fixed the fixing version, or null when the latest range has no fix
 * @param modified the record's modification time as written, or null
 * @param reviewStatus the Go vulndb's review status, or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImportedRecord(
    String osvId,
    List<String> aliases,
    String summary,
    String details,
    String modified,
    List<String> affected,
    String fixed,
    List<String> references,
    String reviewStatus) {

  public ImportedRecord {
    Objects.requireNonNull(osvId, "osvId");
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    affected = affected == null ? List.of() : List.copyOf(affected);
    references = references == null ? List.of() : List.copyOf(references);
  }

  /**
   * @throws AdvisoryDataException naming this record when a stored range does not parse
   */
  VersionSet affectedVersions() {
    List<VersionRange> ranges = new ArrayList<>();
    for (int i = 0; i < affected.size(); i++) {
      try {
        ranges.add(VersionRange.parse(affected.get(i)));
      } catch (InvalidVersionException e) {
        throw problem("affected[" + i + "]", e.getMessage());
      }
    }
    return new VersionSet(ranges);
  }

  Optional<OllamaVersion> fixedVersion() {
    try {
      return Optional.ofNullable(fixed).map(OllamaVersion::parse);
    } catch (InvalidVersionException e) {
      throw problem("fixed", e.getMessage());
    }
  }

  OsvOrigin origin() {
    return new OsvOrigin(osvId, modified, reviewStatus);
  }

  private AdvisoryDataException problem(String field, String message) {
    return new AdvisoryDataException("OSV record " + osvId + ", field '" + field + "': " + message);
  }
}
