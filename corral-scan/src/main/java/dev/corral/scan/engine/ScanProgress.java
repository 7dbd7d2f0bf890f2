package dev.corral.scan.engine;

import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a running scan, read by the progress bar and the summary. */
public final class ScanProgress {
  final AtomicLong started = new AtomicLong();
  final AtomicLong done = new AtomicLong();
  final AtomicLong open = new AtomicLong();
  final AtomicLong ollama = new AtomicLong();
  final AtomicLong exposed = new AtomicLong();
  private final long startNanos = System.nanoTime();

  public long started() {
    return started.get();
  }

  public long done() {
    return done.get();
  }

  public long open() {
    return open.get();
  }

  public long ollama() {
    return ollama.get();
  }

  public long exposed() {
    return exposed.get();
  }

  /** Hosts finished per second since the start. */
  public double rate() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return seconds <= 0 ? 0 : done.get() / seconds;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
