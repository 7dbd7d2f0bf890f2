package dev.corral.core.vuln;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import dev.corral.core.version.VersionSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An advisory as JSON: the shape of the built-in data file and of {@code corral vulns --json}. Enum
 * values are their {@link WireId} spellings and versions are text, so the file reads like the
 * research it comes from; {@link #toAdvisory()} checks it all.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdvisoryJson(
    String id,
    List<String> aliases,
    String title,
    String summary,
    String component,
    List<String> affected,
    String fixed,
    String fixStatus,
    List<String> endpoints,
    String attack,
    Cvss cvss,
    String severity,
    String severitySource,
    List<String> mitigations,
    List<String> references,
    String notes,
    OsvOrigin importedFrom) {

  public static AdvisoryJson of(Advisory advisory) {
    return new AdvisoryJson(
        advisory.id(),
        advisory.aliases(),
        advisory.title(),
        advisory.summary(),
        advisory.component().id(),
        advisory.affected().ranges().stream().map(VersionRange::toString).toList(),
        advisory.fixed().map(OllamaVersion::toString).orElse(null),
        advisory.fixStatus().id(),
        advisory.endpoints(),
        advisory.attack(),
        advisory.cvss().orElse(null),
        advisory.severity().id(),
        advisory.severitySource().id(),
        advisory.mitigations().stream().map(GatewayRule::id).toList(),
        advisory.references(),
        advisory.notes(),
        advisory.importedFrom().orElse(null));
  }

  /**
   * The advisory this JSON describes.
   *
   * @throws AdvisoryDataException naming the advisory and the field at fault
   */
  public Advisory toAdvisory() {
    String name = id == null ? "(no id)" : id;
    return new Advisory(
        id,
        required(name, "aliases", aliases),
        title,
        summary,
        field(
            name,
            "component",
            component,
            text -> WireId.parse(Component.values(), text, "component")),
        affectedSet(name),
        Optional.ofNullable(fixed).map(text -> field(name, "fixed", text, OllamaVersion::parse)),
        field(
            name,
            "fix_status",
            fixStatus,
            text -> WireId.parse(FixStatus.values(), text, "fix status")),
        required(name, "endpoints", endpoints),
        attack,
        Optional.ofNullable(cvss),
        field(
            name, "severity", severity, text -> WireId.parse(Severity.values(), text, "severity")),
        field(
            name,
            "severity_source",
            severitySource,
            text -> WireId.parse(SeveritySource.values(), text, "severity source")),
        mitigations(name),
        required(name, "references", references),
        notes == null ? "" : notes,
        Optional.ofNullable(importedFrom));
  }

  private VersionSet affectedSet(String name) {
    List<VersionRange> ranges = new ArrayList<>();
    List<String> texts = required(name, "affected", affected);
    for (int i = 0; i < texts.size(); i++) {
      ranges.add(field(name, "affected[" + i + "]", texts.get(i), VersionRange::parse));
    }
    return new VersionSet(ranges);
  }

  private List<GatewayRule> mitigations(String name) {
    List<GatewayRule> rules = new ArrayList<>();
    List<String> ids = required(name, "mitigations", mitigations);
    for (int i = 0; i < ids.size(); i++) {
      rules.add(
          field(
              name,
              "mitigations[" + i + "]",
              ids.get(i),
              text -> WireId.parse(GatewayRule.values(), text, "gateway rule")));
    }
    return rules;
  }

  private static <T> List<T> required(String name, String field, List<T> value) {
    if (value == null) {
      throw AdvisoryDataException.field(name, field, "is missing (use [] for none)");
    }
    return value;
  }

  /** Converts one field, turning any complaint about its value into one that names the field. */
  private static <T> T field(String name, String field, String text, Function<String, T> convert) {
    if (text == null) {
      throw AdvisoryDataException.field(name, field, "is missing");
    }
    try {
      return convert.apply(text);
    } catch (IllegalArgumentException e) {
      throw AdvisoryDataException.field(name, field, e.getMessage());
    }
  }
}
