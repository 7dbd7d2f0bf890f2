package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.scan.HostRecord;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary builder keeps counters, never the records (nor their lists) it was given. */
class RetentionTest {
  @Test
  void recordsGivenToTheBuilderCanBeCollected() throws InterruptedException {
    SummaryBuilder builder = new SummaryBuilder();
    List<WeakReference<HostRecord>> given = new ArrayList<>();
    List<WeakReference<Object>> parts = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      HostRecord r = Synthetic.record(i);
      builder.accept(r);
      given.add(new WeakReference<>(r));
      if (!r.models().isEmpty()) { // List.of() is a shared constant, never collected
        parts.add(new WeakReference<>(r.models()));
      }
      if (!r.cves().isEmpty()) {
        parts.add(new WeakReference<>(r.cves()));
      }
    }
    for (int attempt = 0; attempt < 50 && !cleared(given); attempt++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(cleared(given)).as("every record was collected while the builder lives").isTrue();
    assertThat(parts).isNotEmpty();
    assertThat(cleared(parts)).as("their model and advisory lists too").isTrue();
    assertThat(builder.build(SourceInfo.stream("t"), InputProblems.NONE).records()).isEqualTo(1000);
  }

  private static <T> boolean cleared(List<WeakReference<T>> refs) {
    return refs.stream().allMatch(ref -> ref.get() == null);
  }
}
