package dev.corral.core.vuln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.corral.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads corral's curated advisory format (docs/vulns.md). Unknown fields are errors here, unlike
 * elsewhere: a misspelt field in curated data would otherwise vanish without a trace.
 */
final class AdvisoryFile {
  static final int FORMAT = 1;

  private static final ObjectReader STRICT =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** What a data file holds. */
  record Contents(String asOf, List<Advisory> advisories, List<Exclusion> excluded) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  private record FileJson(
      Integer format, String asOf, List<JsonNode> advisories, List<Exclusion> excluded) {}

  private AdvisoryFile() {}

  /**
   * @param source names the data in error messages (a file or resource name)
   * @throws AdvisoryDataException naming the source, the advisory and the field
   */
  static Contents read(byte[] json, String source) {
    FileJson file;
    try {
      file = STRICT.forType(FileJson.class).readValue(json);
    } catch (JsonProcessingException e) {
      throw new AdvisoryDataException(source + ": " + JsonErrors.describe(e), e);
    } catch (IOException e) {
      throw new AdvisoryDataException(source + ": " + e.getMessage(), e);
    }
    if (file == null) {
      throw new AdvisoryDataException(source + ": empty file");
    }
    if (file.format() == null || file.format() != FORMAT) {
      throw new AdvisoryDataException(
          source
              + ": format "
              + file.format()
              + " is not the format "
              + FORMAT
              + " this corral reads");
    }
    if (file.advisories() == null) {
      throw new AdvisoryDataException(source + ": no 'advisories' list");
    }
    List<Advisory> advisories = new ArrayList<>();
    for (int i = 0; i < file.advisories().size(); i++) {
      advisories.add(advisory(file.advisories().get(i), i, source));
    }
    return new Contents(
        file.asOf() == null ? "" : file.asOf(),
        advisories,
        file.excluded() == null ? List.of() : file.excluded());
  }

  private static Advisory advisory(JsonNode node, int index, String source) {
    String label = node.path("id").asText("advisories[" + index + "]");
    try {
      AdvisoryJson json = STRICT.forType(AdvisoryJson.class).readValue(node);
      return json.toAdvisory();
    } catch (JsonProcessingException e) {
      throw new AdvisoryDataException(
          source + ": advisory " + label + ": " + JsonErrors.describe(e), e);
    } catch (IOException e) {
      throw new AdvisoryDataException(source + ": advisory " + label + ": " + e.getMessage(), e);
    } catch (AdvisoryDataException e) {
      throw e.in(source);
    }
  }
}
