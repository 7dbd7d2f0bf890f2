package dev.corral.core.vuln;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads one OSV record and keeps what it says about Ollama's Go module. */
final class OsvRecordReader {
  static final String OLLAMA_MODULE = "github.com/ollama/ollama";
  private static final String GO_ECOSYSTEM = "Go";

  private OsvRecordReader() {}

  /** What one record turned out to be. */
  sealed interface Result {}

  /** A record about Ollama. */
  record Relevant(ImportedRecord record) implements Result {}

  /** A record about other packages only; it does not concern corral. */
  record OtherModule(String osvId) implements Result {}

  /** A record its publisher took back. */
  record Withdrawn(String osvId, String when) implements Result {}

  /**
   * @throws AdvisoryDataException saying what is wrong with the record
   */
  static Result read(JsonNode node) {
    if (!node.isObject()) {
      throw new AdvisoryDataException("not a JSON object");
    }
    String label = node.path("id").isTextual() ? node.path("id").asText() + ": " : "";
    OsvJson osv;
    try {
      osv = Json.mapper().treeToValue(node, OsvJson.class);
    } catch (JsonProcessingException e) {
      throw new AdvisoryDataException(label + JsonErrors.describe(e), e);
    }
    if (osv.id() == null || osv.id().isBlank()) {
      throw new AdvisoryDataException("the record has no id");
    }
    String id = osv.id().strip();
    List<OsvJson.Affected> affected = osv.affected() == null ? List.of() : osv.affected();
    if (affected.stream().noneMatch(entry -> entry != null && isOllama(entry.pkg()))) {
      return new OtherModule(id);
    }
    if (osv.withdrawn() != null && !osv.withdrawn().isBlank()) {
      return new Withdrawn(id, osv.withdrawn());
    }
    List<OsvRanges.Span> spans = new ArrayList<>();
    for (int i = 0; i < affected.size(); i++) {
      OsvJson.Affected entry = affected.get(i);
      if (entry == null || !isOllama(entry.pkg()) || entry.ranges() == null) {
        continue;
      }
      for (int j = 0; j < entry.ranges().size(); j++) {
        OsvJson.Range range = entry.ranges().get(j);
        // GIT ranges name commits, not versions; Go records always carry SEMVER ranges.
        if (range != null && "SEMVER".equals(range.type()) && range.events() != null) {
          try {
            spans.addAll(OsvRanges.spans(range.events(), "affected[" + i + "].ranges[" + j + "]"));
          } catch (AdvisoryDataException e) {
            throw new AdvisoryDataException(id + ": " + e.getMessage(), e);
          }
        }
      }
    }
    if (spans.isEmpty()) {
      throw new AdvisoryDataException(
          id + ": no SEMVER range gives an affected version of " + OLLAMA_MODULE);
    }
    Optional<OllamaVersion> fixed = OsvRanges.fixedVersion(spans);
    return new Relevant(
        new ImportedRecord(
            id,
            aliases(id, osv.aliases()),
            text(osv.summary()),
            text(osv.details()),
            text(osv.modified()),
            spans.stream().map(OsvRanges.Span::range).map(VersionRange::toString).toList(),
            fixed.map(OllamaVersion::toString).orElse(null),
            references(osv),
            databaseText(osv.databaseSpecific(), "review_status")));
  }

  private static boolean isOllama(OsvJson.OsvPackage pkg) {
    return pkg != null && OLLAMA_MODULE.equals(pkg.name()) && GO_ECOSYSTEM.equals(pkg.ecosystem());
  }

  private static List<String> aliases(String id, List<String> aliases) {
    if (aliases == null) {
      return List.of();
    }
    return aliases.stream()
        .filter(alias -> alias != null && !alias.isBlank())
        .map(String::strip)
        .filter(alias -> !alias.equalsIgnoreCase(id))
        .distinct()
        .toList();
  }

  private static List<String> references(OsvJson osv) {
    Set<String> urls = new LinkedHashSet<>();
    if (osv.references() != null) {
      for (OsvJson.Reference reference : osv.references()) {
        if (reference != null && reference.url() != null && !reference.url().isBlank()) {
          urls.add(reference.url().strip());
        }
      }
    }
    String page = databaseText(osv.databaseSpecific(), "url");
    if (page != null) {
      urls.add(page);
    }
    return List.copyOf(urls);
  }

  /** A text field of database_specific, whose shape each database chooses for itself. */
  private static String databaseText(JsonNode databaseSpecific, String field) {
    if (databaseSpecific == null || !databaseSpecific.path(field).isTextual()) {
      return null;
    }
    return text(databaseSpecific.path(field).asText());
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
