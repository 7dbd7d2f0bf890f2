package dev.corral.core.vuln;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The parts of an OSV record (https://ossf.github.io/osv-schema/) that corral reads. Everything
 * else in a record is ignored.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record OsvJson(
    String id,
    String modified,
    String withdrawn,
    List<String> aliases,
    String summary,
    String details,
    List<Affected> affected,
    List<Reference> references,
    JsonNode databaseSpecific) {

  record Affected(@JsonProperty("package") OsvPackage pkg, List<Range> ranges) {}

  record OsvPackage(String name, String ecosystem) {}

  record Range(String type, List<Event> events) {}

  /** Exactly one field is set, as in the schema. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Event(String introduced, String fixed, String lastAffected, String limit) {}

  record Reference(String type, String url) {}
}
