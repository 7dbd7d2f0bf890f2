package dev.corral.core.vuln;

import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Lays one imported OSV record over a database. The record matches an advisory when its id or any
 * alias is one of the advisory's names (GO-2024-2901 finds CVE-2024-37032). A match takes the
 * record's versions, fix, aliases and references and keeps everything curated; no match adds a new
 * advisory marked as unreviewed, which only {@code auth-required} is known to cover.
 */
final class OverlayMerge {
  private OverlayMerge() {}

  /** The database after the merge, and what the merge did. */
  record Step(AdvisoryDatabase database, ImportOutcome outcome) {}

  /**
   * @throws AdvisoryDataException when the record names several advisories or would make its
   *     advisory invalid (say, a fixed version inside the affected ranges)
   */
  static Step apply(AdvisoryDatabase database, ImportedRecord record) {
    List<String> names =
        Stream.concat(Stream.of(record.osvId()), record.aliases().stream()).toList();
    List<Advisory> matches =
        database.all().stream().filter(a -> names.stream().anyMatch(a::isNamed)).toList();
    List<String> kept =
        names.stream().filter(name -> database.findExcluded(name).isEmpty()).toList();
    if (matches.size() > 1) {
      throw new AdvisoryDataException(
          "OSV record "
              + record.osvId()
              + " names several advisories: "
              + String.join(", ", matches.stream().map(Advisory::id).toList()));
    }
    VersionSet affected = record.affectedVersions();
    Optional<OllamaVersion> fixed = record.fixedVersion();
    if (matches.isEmpty()) {
      if (kept.size() < names.size()) {
        String excludedId =
            names.stream().filter(name -> !kept.contains(name)).findFirst().orElseThrow();
        return new Step(
            database,
            new ImportOutcome.Skipped(
                record.osvId(),
                excludedId
                    + " is excluded: "
                    + database.findExcluded(excludedId).orElseThrow().reason()));
      }
      Advisory added = newAdvisory(record, affected, fixed, kept);
      return new Step(database.with(added), new ImportOutcome.Added(record.osvId(), added));
    }
    Advisory before = matches.getFirst();
    Advisory after = before.updatedFrom(affected, fixed, kept, references(record), record.origin());
    if (after.equals(before)) {
      return new Step(database, new ImportOutcome.Unchanged(record.osvId(), before.id()));
    }
    return new Step(database.with(after), new ImportOutcome.Updated(record.osvId(), before, after));
  }

  private static Advisory newAdvisory(
      ImportedRecord record,
      VersionSet affected,
      Optional<OllamaVersion> fixed,
      List<String> names) {
    String title = firstText(record.summary(), firstLine(record.details()), record.osvId());
    return new Advisory(
        record.osvId(),
        names.stream().filter(name -> !name.equals(record.osvId())).toList(),
        title,
        firstText(record.details(), record.summary(), title),
        Component.SERVER,
        affected,
        fixed,
        fixed.isPresent() ? FixStatus.FIXED : FixStatus.UNKNOWN,
        List.of(),
        "Not reviewed by corral; see the references.",
        Optional.empty(),
        Severity.UNKNOWN,
        SeveritySource.NONE,
        // Every Ollama flaw needs access to the API first; that much is safe to claim unreviewed.
        List.of(GatewayRule.AUTH_REQUIRED),
        references(record),
        "Imported from OSV record "
            + record.osvId()
            + (record.reviewStatus() == null ? "" : " (" + record.reviewStatus() + " there)")
            + " and not reviewed by corral: endpoints, attack, severity and mitigations are"
            + " placeholders.",
        Optional.of(record.origin()));
  }

  private static List<String> references(ImportedRecord record) {
    return record.references().stream().filter(url -> !url.isBlank()).toList();
  }

  private static String firstText(String... candidates) {
    return Stream.of(candidates).filter(s -> s != null && !s.isBlank()).findFirst().orElseThrow();
  }

  private static String firstLine(String text) {
    return text == null ? null : text.strip().lines().findFirst().orElse(null);
  }
}
