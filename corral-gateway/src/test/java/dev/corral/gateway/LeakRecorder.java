package dev.corral.gateway;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, installed for the tests by surefire's argLine ({@code
 * io.netty.customResourceLeakDetector}), that also remembers every LEAK report so a test can fail
 * on it instead of a log line going unnoticed.
 */
public final class LeakRecorder<T> extends ResourceLeakDetector<T> {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  public LeakRecorder(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
  }

  public LeakRecorder(Class<?> resourceType, int samplingInterval, long maxActive) {
    super(resourceType, samplingInterval);
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LEAKS.add(resourceType + records);
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LEAKS.add(resourceType);
    super.reportUntracedLeak(resourceType);
  }

  /** Drops the reports that mention {@code marker} (the sanity check's own deliberate leak). */
  public static void forget(String marker) {
    LEAKS.removeIf(l -> l.contains(marker));
  }

  /**
   * Forces a collection and some allocations so that lost buffers are noticed, then returns every
   * leak reported so far.
   */
  public static List<String> collect() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // Leaks are reported when the detector next tracks an allocation.
      for (int j = 0; j < 64; j++) {
        io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
        io.netty.buffer.UnpooledByteBufAllocator.DEFAULT.heapBuffer(16).release();
      }
    }
    return List.copyOf(LEAKS);
  }
}
