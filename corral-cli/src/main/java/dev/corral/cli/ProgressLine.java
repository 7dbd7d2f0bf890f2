package dev.corral.cli;

import dev.corral.scan.engine.ScanProgress;
import java.io.PrintWriter;

/**
 * One line on the terminal, rewritten five times a second: targets done (of how many), found, rate
 * and time left. Silent when stderr is not a terminal, so logs and pipes stay clean.
 */
final class ProgressLine {
  private final Thread thread;

  private ProgressLine(Thread thread) {
    this.thread = thread;
  }

  static ProgressLine start(PrintWriter err, ScanProgress progress, long total, boolean enabled) {
    if (!enabled) {
      return new ProgressLine(null);
    }
    Thread t =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  err.print("\r" + render(progress, total) + "\u001b[K");
                  err.flush();
                  Thread.sleep(200);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                err.print("\r\u001b[K");
                err.flush();
              }
            },
            "corral-progress");
    t.setDaemon(true);
    t.start();
    return new ProgressLine(t);
  }

  static String render(ScanProgress p, long total) {
    double rate = p.rate();
    StringBuilder line = new StringBuilder();
    if (total > 0) {
      double share = Math.min(1, p.done() / (double) total);
      int filled = (int) (share * 20);
      line.append('[').append("#".repeat(filled)).append(" ".repeat(20 - filled)).append("] ");
      line.append(String.format("%5.1f%% %,d/%,d", share * 100, p.done(), total));
    } else {
      line.append(String.format("%,d checked", p.done()));
    }
    line.append(
        String.format(
            "  open %,d  ollama %,d  exposed %,d  %,.0f/s",
            p.open(), p.ollama(), p.exposed(), rate));
    if (total > 0 && rate > 0) {
      long left = (long) ((total - p.done()) / rate);
      line.append(String.format("  ETA %d:%02d:%02d", left / 3600, (left / 60) % 60, left % 60));
    }
    return line.toString();
  }

  void stop() {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
