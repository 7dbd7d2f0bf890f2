package dev.corral.report;

import java.util.List;

/**
 * The lines of an input that were skipped: how many, and the first few with their reasons (all of
 * them went to the problem callback as they were found).
 *
 * @param badLines lines skipped
 * @param first the first {@link #KEPT} of them, in line order
 */
public record InputProblems(long badLines, List<InputProblem> first) {
  /** How many problems a report repeats; the count covers the rest. */
  public static final int KEPT = 20;

  /** No line was skipped (or the input was not a file). */
  public static final InputProblems NONE = new InputProblems(0, List.of());

  public InputProblems {
    first = List.copyOf(first);
    if (badLines < first.size()) {
      throw new IllegalArgumentException("fewer bad lines than problems listed");
    }
  }
}
