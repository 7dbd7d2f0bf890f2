package dev.corral.scan.source.api;

import dev.corral.scan.source.Candidate;
import java.util.Iterator;
import java.util.Optional;

/**
 * The candidates of one API search, fetched a page at a time as they are consumed: the next page is
 * only asked for (and paid for) when the candidates of the previous one have been taken. The same
 * target is handed out once even when the service lists it twice.
 *
 * <p>{@link #hasNext()} and {@link #next()} throw {@link ApiException} when a page cannot be had;
 * the search then ends.
 */
public interface ApiSearch extends Iterator<Candidate> {

  /**
   * One line for the summary, as things stand: {@code Shodan: 1,234 results for 'product:Ollama',
   * 13 pages, 13 query credits}.
   */
  String describe();

  /** Results read so far: Shodan banners or Censys hosts, bad ones included. */
  long results();

  /** Pages fetched so far. */
  long pages();

  /** Candidates handed out so far. */
  long count();

  /** Results that gave no candidate because they were malformed, in one line; empty if none. */
  Optional<String> problems();
}
