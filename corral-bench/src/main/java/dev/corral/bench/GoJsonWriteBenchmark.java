package dev.corral.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.corral.core.gojson.GoJsonWriter;
import java.util.Arrays;
import java.util.Map;
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
 * Encoding an Ollama response: {@link GoJsonWriter#encodeBytes} (Go's {@code json.Marshal} bytes;
 * {@code encode} plus UTF-8, as the lab's {@code c.json(...)} does) side by side with the
 * reference, Jackson's {@code ObjectMapper.writeValueAsBytes} on the same map.
 *
 * <p>Why this workload: the lab encodes a value like these for every answer it gives. {@code /api/
 * tags} is the first thing scanners and clients ask for (a ~1.3 KB nested map of the lab's three
 * default models, from the lab's own catalogue), and a streamed {@code /api/generate} writes one
 * small NDJSON line per token, so the per-line cost bounds the lab's token rate. For these values
 * both writers produce identical bytes (checked at setup), so the comparison is like for like; Go's
 * escaping of {@code < > &} and U+2028/9 is exercised by neither value.
 *
 * <p>Run: {@code java -jar corral-bench/target/benchmarks.jar GoJsonWriteBenchmark} (the
 * annotations below give the fork, warm-up and measurement settings BENCHMARKS.md used).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class GoJsonWriteBenchmark {

  /** Which value: see {@link ResponseBodies}. */
  @Param({ResponseBodies.TAGS, ResponseBodies.NDJSON_LINE})
  public String value;

  private final ObjectMapper jackson = JsonMapper.builder().build();
  private Map<String, Object> map;

  /** Builds the value and checks that both writers give the same bytes. */
  @Setup
  public void setUp() throws JsonProcessingException {
    map = ResponseBodies.named(value);
    if (!Arrays.equals(GoJsonWriter.encodeBytes(map), jackson.writeValueAsBytes(map))) {
      throw new IllegalStateException("the writers disagree on the " + value + " value");
    }
  }

  /** Bytes of the encoded value (for tests and for turning ops/ms into MB/s). */
  public int size() {
    return GoJsonWriter.encodeBytes(map).length;
  }

  @Benchmark
  public byte[] goJsonWriter() {
    return GoJsonWriter.encodeBytes(map);
  }

  @Benchmark
  public byte[] jacksonWriteValueAsBytes() throws JsonProcessingException {
    return jackson.writeValueAsBytes(map);
  }
}
