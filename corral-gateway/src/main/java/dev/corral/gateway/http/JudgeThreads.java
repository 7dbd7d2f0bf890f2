package dev.corral.gateway.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that judge large request bodies away from the event loops. Reading a 32 MiB body and
 * decoding its images can take a second of CPU; on an event loop that second stalls every other
 * connection the loop serves. Small bodies, which are nearly all of them, are still judged on the
 * loop: a hand-off would cost more than the judgement.
 *
 * <p>The threads are daemons that end when idle, so nothing needs shutting down. The queue is
 * bounded: when it is full the request is refused with 503 rather than waiting without limit.
 */
public final class JudgeThreads {

  /**
   * Bodies up to this size are judged on the event loop. A 16 KiB body parses in microseconds, and
   * the images it can carry decode in milliseconds (zlib cannot inflate 16 KiB to more than 16 MB).
   */
  public static final int INLINE_BYTES = 16 * 1024;

  private final ThreadPoolExecutor pool;

  /**
   * @param threads how many bodies are judged at once
   * @param queue how many more may wait
   */
  public JudgeThreads(int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            task -> {
              Thread t = new Thread(task, "corral-judge-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  /** One thread per processor, and four waiting bodies per thread. */
  public static JudgeThreads perProcessor() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    return new JudgeThreads(threads, 4 * threads);
  }

  /** Runs {@code task} on a judge thread; false when all are busy and the queue is full. */
  boolean submit(Runnable task) {
    try {
      pool.execute(task);
      return true;
    } catch (RejectedExecutionException full) {
      return false;
    }
  }
}
