package dev.corral.bench;

import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.core.vuln.AdvisoryMatch;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the scanner does once per host after reading {@code /api/version}: {@link
 * OllamaVersion#parse} of the reported string, then {@link AdvisoryDatabase#affecting(
 * OllamaVersion)} over the built-in advisories; and, for a host that hides its version, {@link
 * AdvisoryDatabase#affecting(VersionRange)} with the range inferred from its behaviour. {@code
 * parseVersion} alone separates the regex parse from the matching.
 *
 * <p>Why this workload: it is the scanner's per-host hot path, run against the real built-in
 * database. The versions are an old release that most advisories hit ({@code 0.1.33}), a middle one
 * ({@code 0.12.11}) and the newest the lab emulates ({@code 0.32.15}); the ranges are what
 * behaviour probes narrow a host to: a tight old window, a wide middle window, and {@code *} (no
 * clue). There is no like-for-like library to compare with; BENCHMARKS.md sets the cost against the
 * loopback round trip of the {@code /api/version} request that precedes it.
 *
 * <p>Run: {@code java -jar corral-bench/target/benchmarks.jar AdvisoryLookupBenchmark} (the
 * annotations below give the fork, warm-up and measurement settings BENCHMARKS.md used).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class AdvisoryLookupBenchmark {

  private final AdvisoryDatabase database = AdvisoryDatabase.builtin();

  /** A version string as {@code /api/version} reports it. */
  @State(Scope.Benchmark)
  public static class Reported {
    @Param({"0.1.33", "0.12.11", "0.32.15"})
    public String version;
  }

  /** A version range inferred from a host's behaviour. */
  @State(Scope.Benchmark)
  public static class Inferred {
    @Param({">=0.1.35 <0.1.38", ">=0.12.10 <0.17.1", "*"})
    public String range;

    VersionRange parsed;

    @Setup
    public void setUp() {
      parsed = VersionRange.parse(range);
    }
  }

  @Benchmark
  public OllamaVersion parseVersion(Reported reported) {
    return OllamaVersion.parse(reported.version);
  }

  @Benchmark
  public List<AdvisoryMatch> parseAndMatchVersion(Reported reported) {
    return database.affecting(OllamaVersion.parse(reported.version));
  }

  @Benchmark
  public List<AdvisoryMatch> matchRange(Inferred inferred) {
    return database.affecting(inferred.parsed);
  }
}
