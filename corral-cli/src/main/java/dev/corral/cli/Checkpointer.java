package dev.corral.cli;

import dev.corral.scan.job.PositionTracker;
import dev.corral.scan.job.TargetSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the resume checkpoint every two seconds while a scan runs and once at the end: kept when
 * the scan was interrupted, removed when it completed.
 */
final class Checkpointer {
  private final TargetSource source;
  private final PositionTracker positions;
  private final Path file;
  private final Runnable flushResults;
  private final Thread thread;

  private Checkpointer(
      TargetSource source, PositionTracker positions, Path file, Runnable flushResults) {
    this.source = source;
    this.positions = positions;
    this.file = file;
    this.flushResults = flushResults;
    if (file == null || !source.resumable()) {
      this.thread = null;
      return;
    }
    this.thread =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.sleep(2000);
                  save();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "corral-checkpoint");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Starts checkpointing. {@code flushResults} runs before each save: a checkpoint must never claim
   * a position whose record is still in a buffer, or a crash would lose it for good.
   */
  static Checkpointer start(
      TargetSource source, PositionTracker positions, Path file, Runnable flushResults) {
    return new Checkpointer(source, positions, file, flushResults);
  }

  private void save() {
    long position = positions.safeResumePosition();
    flushResults.run();
    source
        .checkpoint(position)
        .ifPresent(
            c -> {
              try {
                c.write(file);
              } catch (IOException e) {
                throw new UserError("cannot write checkpoint " + file + ": " + e.getMessage(), e);
              }
            });
  }

  void stop(boolean interrupted) {
    if (thread == null) {
      return;
    }
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (interrupted) {
      save();
    } else {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A leftover checkpoint only matters to --resume, which then finds nothing left to do.
      }
    }
  }
}
