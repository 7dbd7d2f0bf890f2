package dev.corral.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.corral.core.gojson.GoJsonException;
import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoObject;
import java.io.IOException;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding an Ollama request body: {@link GoJsonReader#read} followed by the two lookups every
 * inference handler makes first ({@code model} through {@link GoObject#string}, {@code stream}
 * through {@link GoObject#field}, both with Go's case-folded matching), side by side with the
 * reference, Jackson's {@code ObjectMapper.readTree} on the same bytes plus the same two lookups.
 *
 * <p>Why this workload: every POST the lab serves ({@code /api/chat}, {@code /api/generate}, {@code
 * /api/show}, ...) is decoded this way before anything else happens, and the bodies are the three
 * shapes clients really send (see {@link RequestBodies}): a ~1 KB multi-turn chat, a one-line
 * generate, and a generate with a 64 KiB pasted document, where the string decoder dominates. The
 * comparison is not like for like in features: GoJsonReader keeps duplicate keys and copies Go's
 * error messages and UTF-8 repair, and its lookups scan with case folding, while Jackson's tree
 * keeps the last duplicate and looks keys up in a hash map. It answers "what does Go fidelity cost
 * against the mainstream Java parser".
 *
 * <p>Run: {@code java -jar corral-bench/target/benchmarks.jar GoJsonReadBenchmark} (the annotations
 * below give the fork, warm-up and measurement settings BENCHMARKS.md used).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 3,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class GoJsonReadBenchmark {

  /** Which body: see {@link RequestBodies}. */
  @Param({RequestBodies.CHAT_1K, RequestBodies.GENERATE, RequestBodies.PROMPT_64K})
  public String body;

  private final ObjectMapper jackson = JsonMapper.builder().build();
  private byte[] bytes;

  /** Loads the body and checks that both parsers see the same model and stream values. */
  @Setup
  public void setUp() throws IOException, GoJsonException {
    bytes = RequestBodies.named(body);
    GoObject go = (GoObject) GoJsonReader.read(bytes).value();
    JsonNode tree = jackson.readTree(bytes);
    String model = RequestBodies.model(body);
    boolean stream = RequestBodies.stream(body);
    if (!go.string("model").equals(model)
        || !Boolean.valueOf(stream).equals(go.field("stream").orElse(null))
        || !tree.path("model").asText().equals(model)
        || tree.path("stream").asBoolean(!stream) != stream) {
      throw new IllegalStateException("the parsers disagree on the " + body + " body");
    }
  }

  /** Bytes of the body being parsed (for tests and for turning ops/ms into MB/s). */
  public int size() {
    return bytes.length;
  }

  @Benchmark
  public void goJsonReader(Blackhole blackhole) throws GoJsonException {
    GoObject request = (GoObject) GoJsonReader.read(bytes).value();
    blackhole.consume(request.string("model"));
    blackhole.consume(request.field("stream"));
  }

  @Benchmark
  public void jacksonReadTree(Blackhole blackhole) throws IOException {
    JsonNode request = jackson.readTree(bytes);
    blackhole.consume(request.path("model").asText());
    blackhole.consume(request.get("stream"));
  }
}
