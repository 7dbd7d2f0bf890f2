package dev.corral.core.vuln;

import dev.corral.core.version.OllamaVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What importing one OSV record did to the database. */
public sealed interface ImportOutcome {

  /** The OSV record's id. */
  String osvId();

  /** No advisory knew the record's ids: it became a new, unreviewed advisory. */
  record Added(String osvId, Advisory advisory) implements ImportOutcome {}

  /** The record matched {@code before} by id or alias and changed it into {@code after}. */
  record Updated(String osvId, Advisory before, Advisory after) implements ImportOutcome {

    /** The fields that changed, one line each, e.g. {@code affected: <0.1.34 -> *}. */
    public List<String> changes() {
      List<String> changes = new ArrayList<>();
      if (!before.affected().equals(after.affected())) {
        changes.add("affected: " + before.affected() + " -> " + after.affected());
      }
      if (!before.fixed().equals(after.fixed()) || before.fixStatus() != after.fixStatus()) {
        changes.add("fixed: " + fix(before) + " -> " + fix(after));
      }
      List<String> newAliases =
          after.aliases().stream().filter(a -> !before.aliases().contains(a)).toList();
      if (!newAliases.isEmpty()) {
        changes.add("aliases: +" + String.join(", +", newAliases));
      }
      long newReferences =
          after.references().stream().filter(r -> !before.references().contains(r)).count();
      if (newReferences > 0) {
        changes.add("references: +" + newReferences);
      }
      if (!before.importedFrom().equals(after.importedFrom())) {
        changes.add("versions now follow OSV " + osvId);
      }
      return changes;
    }

    private static String fix(Advisory advisory) {
      return advisory.fixed().map(OllamaVersion::toString).orElse(advisory.fixStatus().id());
    }
  }

  /** The record matched {@code advisoryId} and brought nothing new. */
  record Unchanged(String osvId, String advisoryId) implements ImportOutcome {}

  /** The record was left out on purpose, e.g. withdrawn or about an excluded CVE. */
  record Skipped(String osvId, String reason) implements ImportOutcome {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
