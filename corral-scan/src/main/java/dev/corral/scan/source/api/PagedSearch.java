package dev.corral.scan.source.api;

import dev.corral.scan.source.Candidate;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** What the two searches share: a buffer of the current page, de-duplication, the result limit. */
abstract class PagedSearch implements ApiSearch {
  private final ArrayDeque<Candidate> buffer = new ArrayDeque<>();
  private final Set<String> seen = new HashSet<>();
  private boolean ended;
  private long count;

  final HitProblems problems = new HitProblems();
  final long limit;
  long results;
  long pages;

  PagedSearch(long limit) {
    this.limit = limit;
  }

  /**
   * Fetches one more page and hands its candidates to {@link #offer}; false when there is nothing
   * more to fetch (the last page, the limit or the budget reached).
   */
  abstract boolean fetchPage();

  /** Queues the candidates of one result, skipping targets already handed out. */
  final void offer(List<Candidate> candidates) {
    for (Candidate c : candidates) {
      if (seen.add(c.target().baseUrl())) {
        buffer.add(c);
      }
    }
  }

  @Override
  public final boolean hasNext() {
    while (buffer.isEmpty()) {
      if (ended) {
        return false;
      }
      try {
        if (!fetchPage()) {
          ended = true;
        }
      } catch (RuntimeException e) {
        ended = true; // never retry a failed page behind the caller's back
        throw e;
      }
    }
    return true;
  }

  @Override
  public final Candidate next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more candidates from the search");
    }
    count++;
    return buffer.poll();
  }

  @Override
  public final long results() {
    return results;
  }

  @Override
  public final long pages() {
    return pages;
  }

  @Override
  public final long count() {
    return count;
  }

  @Override
  public final Optional<String> problems() {
    return problems.summary();
  }

  /** {@code describe()} plus the problems, if any. */
  final String withProblems(String line) {
    return problems.summary().map(p -> line + "; " + p).orElse(line);
  }
}
