package dev.corral.core.vuln;

import java.nio.file.Path;
import java.util.List;

/**
 * What one OSV import did.
 *
 * @param outcomes one per record about Ollama, in file order
 * @param otherModules how many records were about other Go modules and so skipped
 * @param problems the records that could not be imported; the rest were
 * @param overlayWritten whether the overlay file changed
 */
public record ImportReport(
    Path source,
    Path overlay,
    List<ImportOutcome> outcomes,
    int otherModules,
    List<ImportProblem> problems,
    boolean overlayWritten) {

  public ImportReport {
    outcomes = List.copyOf(outcomes);
    problems = List.copyOf(problems);
  }

  public boolean hasProblems() {
    return !problems.isEmpty();
  }

  public <T extends ImportOutcome> List<T> outcomes(Class<T> kind) {
    return outcomes.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
