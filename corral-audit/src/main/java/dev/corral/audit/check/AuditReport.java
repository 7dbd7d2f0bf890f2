package dev.corral.audit.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an audit found about one target, sorted the way people read it: failures first, the most
 * severe first, then by id. The score is documented in docs/checks.md.
 *
 * @param target what was audited (a URL, a root directory, a compose file; several joined by {@code
 *     ", "})
 * @param findings every check's outcome
 */
public record AuditReport(String target, List<Finding> findings) {
  /** A failed critical check caps the score here: an exposed server is never "mostly fine". */
  public static final int CRITICAL_CAP = 40;

  public AuditReport {
    Objects.requireNonNull(target, "target");
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(
        Comparator.comparing(Finding::status)
            .thenComparing(Finding::severity)
            .thenComparing(Finding::id));
    findings = List.copyOf(sorted);
  }

  /**
   * 0 to 100: every check that ran (not skipped) is worth its severity's weight; a pass earns it
   * all, a warning half, a failure nothing. Any failed critical check caps the score at {@value
   * #CRITICAL_CAP}. When every check was skipped the score is 0: nothing was proven.
   */
  public int score() {
    int possible = 0;
    int earned2 = 0;
    for (Finding f : findings) {
      int weight = f.severity().weight();
      switch (f.status()) {
        case PASS -> {
          possible += weight;
          earned2 += 2 * weight;
        }
        case WARN -> {
          possible += weight;
          earned2 += weight;
        }
        case FAIL -> possible += weight;
        case SKIP -> {}
      }
    }
    if (possible == 0) {
      // Nothing weighted could be checked (the target did not answer, no file had anything):
      // an audit that saw nothing proves nothing.
      return findings.stream().anyMatch(f -> f.status() != Status.SKIP) ? 100 : 0;
    }
    int score = (int) Math.floor(50.0 * earned2 / possible);
    if (worstFailure().filter(s -> s == Severity.CRITICAL).isPresent()) {
      score = Math.min(score, CRITICAL_CAP);
    }
    return score;
  }

  /** The severity of the worst failed check, if any failed. */
  public Optional<Severity> worstFailure() {
    return findings.stream()
        .filter(f -> f.status() == Status.FAIL)
        .map(Finding::severity)
        .min(Comparator.naturalOrder());
  }

  /** True when a check of {@code threshold} or worse failed: what {@code --fail-on} gates on. */
  public boolean failsAt(Severity threshold) {
    return worstFailure().filter(s -> s.atLeast(threshold)).isPresent();
  }

  public long count(Status status) {
    return findings.stream().filter(f -> f.status() == status).count();
  }

  /** The findings of one check id. */
  public List<Finding> byId(String id) {
    return findings.stream().filter(f -> f.id().equals(id)).toList();
  }
}
