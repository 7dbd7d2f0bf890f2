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

  /** Bodies up to this size may be judged on the event loop: they parse in microseconds. */
  public static final int INLINE_BYTES = 16 * 1024;

  /**
   * Whether a body may be judged on the event loop: small, and with no image in it. A few hundred
   * bytes of image can cost a decoder a tenth of a second (a 64-megapixel JPEG of empty scans), so
   * any body that may carry one goes to a judge thread. Every field and type that holds an image
   * ({@code images}, {@code image_url}, {@code input_image}, Anthropic's {@code "image"}) contains
   * {@code mage}, in any case Go's decoder folds; a backslash-u escape could spell it otherwise, so
   * a body with one goes too.
   */
  static boolean mayJudgeInline(byte[] body) {
    if (body.length > INLINE_BYTES) {
      return false;
    }
    for (int i = 0; i + 1 < body.length; i++) {
      byte b = body[i];
      if (b == '\\' && body[i + 1] == 'u') {
        return false;
      }
      if ((b | 0x20) == 'm'
          && i + 3 < body.length
          && (body[i + 1] | 0x20) == 'a'
          && (body[i + 2] | 0x20) == 'g'
          && (body[i + 3] | 0x20) == 'e') {
        return false;
      }
    }
    return true;
  }

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
