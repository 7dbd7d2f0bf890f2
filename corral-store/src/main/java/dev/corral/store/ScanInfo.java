package dev.corral.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored scan and its running totals. The counters cover the records written so far: they are
 * updated in the same transaction as each batch of records, so they always agree with what {@link
 * Store#records(long)} returns, even for a scan that was interrupted.
 *
 * @param id assigned by the store, increasing: a larger id is a later scan
 * @param startedAt when {@link Store#beginScan(String)} was called
 * @param finishedAt when {@link Store#finishScan(long, ScanStatus)} was called; null while running
 * @param status running, finished or interrupted
 * @param description free text given at the start, such as the command line
 * @param targets records stored (one per target checked)
 * @param open records whose state is {@code open}
 * @param ollama records where the Ollama API itself answered
 * @param exposed records of an Ollama API answering without authentication
 */
public record ScanInfo(
    long id,
    Instant startedAt,
    Instant finishedAt,
    ScanStatus status,
    String description,
    long targets,
    long open,
    long ollama,
    long exposed) {

  public ScanInfo {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(description, "description");
  }
}
