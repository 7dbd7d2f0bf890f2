package dev.corral.core.vuln;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports OSV records about Ollama (the Go vulnerability database's format, module {@code
 * github.com/ollama/ollama}) into the overlay that {@link AdvisoryDatabase#load} lays over the
 * built-in data. Works offline on files the user fetched; a bad record is reported and the others
 * are still imported.
 */
public final class OsvImporter {
  private OsvImporter() {}

  /**
   * Reads {@code osvFile} and stores what it changes in {@code overlayFile}, replacing earlier
   * imports of the same OSV ids. The overlay is only rewritten when something changed, and
   * atomically.
   *
   * @throws AdvisoryDataException when a file cannot be read or written, or the existing overlay is
   *     damaged (so it is never overwritten by accident)
   */
  public static ImportReport importFile(Path osvFile, Path overlayFile) {
    List<ImportedRecord> stored = OverlayFile.read(overlayFile);
    AdvisoryDatabase database =
        AdvisoryDatabase.builtin().withOverlay(stored, "overlay " + overlayFile);
    OsvFile.Contents contents = OsvFile.read(osvFile);

    Map<String, ImportedRecord> overlay = new LinkedHashMap<>();
    stored.forEach(record -> overlay.put(record.osvId(), record));
    List<ImportOutcome> outcomes = new ArrayList<>();
    List<ImportProblem> problems = new ArrayList<>(contents.problems());
    int otherModules = 0;
    boolean changed = false;
    for (OsvFile.Entry entry : contents.entries()) {
      try {
        switch (OsvRecordReader.read(entry.node())) {
          case OsvRecordReader.OtherModule other -> otherModules++;
          case OsvRecordReader.Withdrawn withdrawn -> {
            outcomes.add(
                new ImportOutcome.Skipped(withdrawn.osvId(), "withdrawn " + withdrawn.when()));
            changed |= overlay.remove(withdrawn.osvId()) != null;
          }
          case OsvRecordReader.Relevant relevant -> {
            OverlayMerge.Step step = OverlayMerge.apply(database, relevant.record());
            database = step.database();
            outcomes.add(step.outcome());
            if (step.outcome() instanceof ImportOutcome.Added
                || step.outcome() instanceof ImportOutcome.Updated) {
              overlay.put(relevant.record().osvId(), relevant.record());
              changed = true;
            }
          }
        }
      } catch (AdvisoryDataException e) {
        problems.add(new ImportProblem(entry.location(), e.getMessage()));
      }
    }
    if (changed) {
      List<ImportedRecord> records = List.copyOf(overlay.values());
      // Prove the new overlay loads before it replaces the old one.
      AdvisoryDatabase.builtin().withOverlay(records, "new overlay for " + overlayFile);
      OverlayFile.write(overlayFile, records);
    }
    return new ImportReport(osvFile, overlayFile, outcomes, otherModules, problems, changed);
  }
}
