package dev.corral.bench;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.scan.engine.CheckOptions;
import dev.corral.scan.engine.ScanEngine;
import dev.corral.scan.engine.ScanProgress;
import dev.corral.scan.engine.ScanSettings;
import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.http.ClientSettings;
import dev.corral.scan.job.PositionTracker;
import dev.corral.scan.job.TargetSource;
import dev.corral.scan.record.Enrichment;
import dev.corral.scan.target.PortList;
import dev.corral.scan.target.Shard;
import dev.corral.scan.target.TargetSpace;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady-state scanner throughput: checks every host of a range several times in one JVM, so the
 * first passes warm the JIT and the later ones show what a long scan sustains. The hosts are a
 * {@code corral lab} range started separately (bench/scan-load.sh does both).
 *
 * <p>Usage: {@code java -cp corral-bench/target/benchmarks.jar dev.corral.bench.ScanThroughput
 * RANGE PORT PASSES CONCURRENCY [MAX_REQUESTS]}
 *
 * <p>Prints one line per pass: hosts, seconds, hosts per second, how many were identified as Ollama
 * (must be all of them), and the heap in use after a GC (must stay flat across passes).
 */
public final class ScanThroughput {
  private ScanThroughput() {}

  public static void main(String[] args) throws Exception {
    String range = args.length > 0 ? args[0] : "127.0.32.0/20";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 11434;
    int passes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 1024;
    // 4 is the identification round alone (verification); the default lets the full check run.
    int maxRequests =
        args.length > 4 ? Integer.parseInt(args[4]) : CheckOptions.defaults().maxRequests();
    ScanSettings settings =
        new ScanSettings(
            concurrency,
            1_000_000,
            ClientSettings.defaults().withTimeout(Duration.ofSeconds(5)),
            new CheckOptions(maxRequests, false, false));
    AdvisoryDatabase advisories = AdvisoryDatabase.builtin();
    System.out.println("pass,hosts,seconds,hosts_per_second,ollama,heap_mb");
    try (ScanEngine engine =
        new ScanEngine(settings, advisories, Enrichment.NONE, Clock.systemUTC())) {
      for (int pass = 1; pass <= passes; pass++) {
        TargetSpace space = TargetSpace.builder().ports(PortList.of(port)).argument(range).build();
        Iterator<ScanTarget> targets =
            TargetSource.generated(space.generator(pass, Shard.ALL)).targets(new PositionTracker());
        AtomicLong ollama = new AtomicLong();
        ScanProgress progress =
            engine.run(
                targets,
                (ScanTarget t, HostRecord r) -> {
                  if (r.ollama()) {
                    ollama.incrementAndGet();
                  }
                },
                new ScanProgress());
        double seconds = progress.elapsedSeconds();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        System.out.printf(
            "%d,%d,%.2f,%.0f,%d,%d%n",
            pass, progress.done(), seconds, progress.done() / seconds, ollama.get(), heapMb);
      }
    }
  }
}
