package dev.corral.scan.source.api;

import java.time.Duration;

/** Waits between requests and before retries; tests pass one that records and returns at once. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
