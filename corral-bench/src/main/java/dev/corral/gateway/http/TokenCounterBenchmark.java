package dev.corral.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's token counter on the two answers it reads most: the last two lines of a
 * non-streamed or streamed /api/generate (a word, then the final line with the counters and a
 * {@code context} of 1,000 token ids, as Ollama sends it), and the last events of an OpenAI
 * chat-completion stream ({@code usage} block, then {@code [DONE]}). Each answer arrives as one
 * buffer, as it mostly does from a local upstream.
 *
 * <p>It lives in the counter's package because the counter is package-private.
 *
 * <p>Run: {@code java -jar corral-bench/target/benchmarks.jar TokenCounterBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenCounterBenchmark {
  static final String GENERATE_END = generateEnd();
  static final String OPENAI_END =
      "data: {\"id\":\"chatcmpl-417\",\"object\":\"chat.completion.chunk\",\"created\":1764288000,"
          + "\"model\":\"llama3.2\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: {\"id\":\"chatcmpl-417\",\"object\":\"chat.completion.chunk\",\"created\":1764288000,"
          + "\"model\":\"llama3.2\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":26,\"completion_tokens\":298,\"total_tokens\":324}}\n\n"
          + "data: [DONE]\n\n";

  private final ByteBuf generate = buffer(GENERATE_END);
  private final ByteBuf openai = buffer(OPENAI_END);

  @Benchmark
  public long generateFinalLine() {
    return count(generate);
  }

  @Benchmark
  public long openAiStreamEnd() {
    return count(openai);
  }

  private static long count(ByteBuf answer) {
    TokenCounter counter = new TokenCounter();
    counter.feed(answer);
    counter.finish();
    return counter.total();
  }

  private static ByteBuf buffer(String text) {
    return Unpooled.unreleasableBuffer(
        Unpooled.directBuffer().writeBytes(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String generateEnd() {
    StringBuilder context = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      context.append(i == 0 ? "" : ",").append(128_000 + (i * 7919) % 100_000);
    }
    return "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-28T02:00:00.000000Z\","
        + "\"response\":\" end.\",\"done\":false}\n"
        + "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-28T02:00:00.010000Z\",\"response\":\"\","
        + "\"done\":true,\"done_reason\":\"stop\",\"context\":["
        + context
        + "],\"total_duration\":5043500667,\"load_duration\":5025959,"
        + "\"prompt_eval_count\":26,\"prompt_eval_duration\":325953000,"
        + "\"eval_count\":290,\"eval_duration\":4709213000}\n";
  }
}
