package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The token counts read from answers as they stream past, however the bytes are cut. */
class TokenCounterTest {
  private static final String OLLAMA_STREAM =
      "{\"model\":\"llama3.2\",\"response\":\"Four\",\"done\":false}\n"
          + "{\"model\":\"llama3.2\",\"response\":\" (eval_count is not here)\",\"done\":false}\n"
          + "{\"model\":\"llama3.2\",\"response\":\"\",\"done\":true,\"done_reason\":\"stop\","
          + "\"total_duration\":123,\"prompt_eval_count\":11,\"prompt_eval_duration\":5,"
          + "\"eval_count\":18,\"eval_duration\":7}\n";

  private static final String OPENAI_SSE =
      "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
          + "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
          + "\"completion_tokens\":3,\"total_tokens\":12}}\n\n"
          + "data: [DONE]\n\n";

  private static final String ANTHROPIC_SSE =
      "event: message_start\n"
          + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":"
          + "{\"input_tokens\":21,\"output_tokens\":1}}}\n\n"
          + "event: message_delta\n"
          + "data: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":40}}\n\n"
          + "event: message_stop\n"
          + "data: {\"type\":\"message_stop\"}\n\n";

  private static final String RESPONSES_SSE =
      "event: response.created\n"
          + "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"usage\":null}}\n\n"
          + "event: response.output_text.delta\n"
          + "data: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n"
          + "event: response.completed\n"
          + "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"usage\":"
          + "{\"input_tokens\":14,\"output_tokens\":5,\"total_tokens\":19}}}\n\n";

  private static final String EMBED =
      "{\"model\":\"all-minilm\",\"embeddings\":[[0.1,0.2]],\"prompt_eval_count\":6}";

  private static long[] count(String body, int cut) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    TokenCounter counter = new TokenCounter();
    for (int from = 0; from < bytes.length; from += cut) {
      ByteBuf chunk = Unpooled.wrappedBuffer(bytes, from, Math.min(cut, bytes.length - from));
      counter.feed(chunk);
      assertThat(chunk.readerIndex()).as("feed does not consume").isZero();
    }
    counter.finish();
    return new long[] {counter.promptTokens(), counter.evalTokens(), counter.total()};
  }

  @Test
  void readsTheCountsOfEachStyleWhereverTheBytesAreCut() {
    for (String body :
        new String[] {OLLAMA_STREAM, OPENAI_SSE, ANTHROPIC_SSE, RESPONSES_SSE, EMBED}) {
      long[] whole = count(body, Integer.MAX_VALUE);
      for (int cut = 1; cut <= 64; cut++) {
        assertThat(count(body, cut)).as("cut every %d bytes", cut).containsExactly(whole);
      }
    }
    assertThat(count(OLLAMA_STREAM, 7)).containsExactly(11, 18, 29);
    assertThat(count(OPENAI_SSE, 7)).containsExactly(9, 3, 12);
    assertThat(count(ANTHROPIC_SSE, 7)).containsExactly(21, 40, 61);
    assertThat(count(RESPONSES_SSE, 7)).containsExactly(14, 5, 19);
    assertThat(count(EMBED, 7)).containsExactly(6, -1, 6);
  }

  @Test
  void anAnswerWithoutCountsIsEstimatedFromItsPiecesAndTheRequest() {
    // An OpenAI stream without stream_options.include_usage: three data lines, no usage.
    String noUsage =
        "data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"B\"}}]}\n\n"
            + "data: [DONE]\n\n";
    TokenCounter counter = new TokenCounter();
    counter.feed(Unpooled.wrappedBuffer(noUsage.getBytes(StandardCharsets.UTF_8)));
    counter.finish();
    assertThat(counter.total()).isZero();
    assertThat(counter.estimate(400)).isEqualTo(3 + 100);
    // Event names and blank lines are not pieces; NDJSON lines are.
    TokenCounter lines = new TokenCounter();
    lines.feed(Unpooled.wrappedBuffer("event: x\n\n{\"response\":\"a\"}\n{\"res".getBytes()));
    assertThat(lines.estimate(0)).isEqualTo(1); // the cut-off line is not counted yet
    lines.finish();
    assertThat(lines.estimate(0)).isEqualTo(2);
  }

  @Test
  void answersWithoutCountsCountNothing() {
    assertThat(count("{\"version\":\"0.32.15\"}", 3)).containsExactly(-1, -1, 0);
    assertThat(count("", 1)).containsExactly(-1, -1, 0);
    // A marker inside a string value is found, but the line has no count fields to read.
    assertThat(count("{\"response\":\"eval_count and \\\"usage\\\"\"}\n", 5))
        .containsExactly(-1, -1, 0);
    assertThat(count("not json eval_count\n{\"eval_count\":-3}\n", 4)).containsExactly(-1, -1, 0);
  }

  @Test
  void markersAreFoundAtTheEdgesOfALine() {
    assertThat(count("{\"eval_count\":5}", 100)).containsExactly(-1, 5, 5);
    assertThat(count("{\"x\":1,\"eval_count\":5}", 100)).containsExactly(-1, 5, 5);
    assertThat(count("{\"usage\":{\"prompt_tokens\":2}}", 100)).containsExactly(2, -1, 2);
    assertThat(count("eval_coun", 100)).containsExactly(-1, -1, 0);
  }

  @Test
  void countsAreThoseOfTheStrictMappersTreeForEveryLine() {
    // The counter reads lines with a streaming parser; the rules it must keep are those of the
    // strict mapper's tree, which it used before: compare the two on hand-picked edge cases and on
    // thousands of random lines, many of them broken.
    List<String> lines = new ArrayList<>(EDGE_LINES);
    Random random = new Random(20261128L);
    for (int n = 0; n < 20_000; n++) {
      lines.add(mutate(randomLine(random), random));
    }
    for (String line : lines) {
      assertThat(count(line + "\n", Integer.MAX_VALUE))
          .as("line %s", line)
          .containsExactly(treeCounts(line));
    }
  }

  private static final List<String> EDGE_LINES =
      List.of(
          "{\"eval_count\":5,\"eval_count\":6}",
          "{\"x\":{\"a\":1,\"a\":2},\"eval_count\":5}",
          "{\"eval_count\":5} {}",
          "{\"eval_count\":5} x",
          "{\"eval_count\":5}   ",
          "[{\"eval_count\":5}]",
          "\"eval_count\"",
          "{\"eval_count\":5.9,\"prompt_eval_count\":-0.5}",
          "{\"eval_count\":1e19,\"prompt_eval_count\":9.2e18}",
          "{\"eval_count\":1e400}",
          "{\"eval_count\":-1e400}",
          "{\"eval_count\":9223372036854775807,\"prompt_eval_count\":9223372036854775808}",
          "{\"eval_count\":-9223372036854775808}",
          "{\"eval_count\":\"5\",\"prompt_eval_count\":true}",
          "{\"eval_count\":null,\"prompt_eval_count\":[1]}",
          "{\"eval_count\":{\"eval_count\":3}}",
          "{\"usage\":null,\"message\":{\"usage\":{\"input_tokens\":4}}}",
          "{\"message\":{\"usage\":{\"input_tokens\":4}},\"usage\":{\"output_tokens\":2}}",
          "{\"message\":{\"usage\":{\"input_tokens\":4}}}",
          "{\"message\":[{\"usage\":{\"input_tokens\":4}}]}",
          "{\"message\":{\"x\":{\"usage\":{\"input_tokens\":4}}}}",
          "{\"usage\":{\"prompt_tokens\":1,\"input_tokens\":2,\"completion_tokens\":3,"
              + "\"output_tokens\":4},\"prompt_eval_count\":7,\"eval_count\":8}",
          "{\"usage\":{\"prompt_tokens\":1,\"input_tokens\":-2}}",
          "{\"usage\":[{\"prompt_tokens\":1}]}",
          "{\"usage\":{\"prompt_tokens\":1,\"more\":{\"prompt_tokens\":2}}}",
          "{\"usage\":{\"prompt_tokens\":1}",
          "{\"usage\":{\"prompt_tokens\":1}}}",
          "{\"eval_count\":5,\"s\":\"\\ud800\"}",
          "{\"eval_count\":5,\"s\":\"\u00e9\u4e2d\ud83d\ude00\"}",
          "{\"eval_count\":5,\"s\":\"a\tb\"}",
          "{\"eval_count\":5,\"s\":\"\\q\"}",
          "{\"eval_count\":05}",
          "{\"eval_count\":5,}",
          "{'eval_count':5}",
          "{eval_count:5}",
          "{\"eval_count\":+5}",
          "{\"eval_count\":NaN}",
          "{\"eval_count\":5 /* c */}",
          "data: {\"usage\":{\"completion_tokens\":3}}",
          "data:{\"usage\":{\"completion_tokens\":3}}",
          "  data: {\"usage\":{\"completion_tokens\":3}}",
          "data: data: {\"usage\":{\"completion_tokens\":3}}",
          "{\"context\":[" + "1,".repeat(5000) + "2],\"eval_count\":9}");

  /** The rules as the counter applied them with the strict mapper's tree before it streamed. */
  private static long[] treeCounts(String text) {
    byte[] line = text.getBytes(StandardCharsets.UTF_8);
    int start = 0;
    while (start < line.length && (line[start] == ' ' || line[start] == '\t')) {
      start++;
    }
    if (line.length - start >= 5
        && new String(line, start, 5, StandardCharsets.US_ASCII).equals("data:")) {
      start += 5;
    }
    long[] counts = {-1, -1};
    boolean marked = text.contains("eval_count") || text.contains("\"usage\"");
    JsonNode node;
    try {
      node = Json.mapper().readTree(line, start, line.length - start);
    } catch (IOException | RuntimeException e) {
      node = null;
    }
    if (marked && node != null && node.isObject()) {
      take(node.get("prompt_eval_count"), counts, 0);
      take(node.get("eval_count"), counts, 1);
      JsonNode usage = node.get("usage");
      if (usage == null && node.get("message") instanceof JsonNode message) {
        usage = message.get("usage");
      }
      if (usage == null && node.get("response") instanceof JsonNode response) {
        usage = response.get("usage");
      }
      if (usage != null && usage.isObject()) {
        take(usage.get("prompt_tokens"), counts, 0);
        take(usage.get("completion_tokens"), counts, 1);
        take(usage.get("input_tokens"), counts, 0);
        take(usage.get("output_tokens"), counts, 1);
      }
    }
    return new long[] {counts[0], counts[1], Math.max(0, counts[0]) + Math.max(0, counts[1])};
  }

  private static void take(JsonNode value, long[] counts, int index) {
    if (value != null && value.canConvertToLong() && value.asLong() >= 0) {
      counts[index] = value.asLong();
    }
  }

  private static final String[] NAMES = {
    "prompt_eval_count",
    "eval_count",
    "usage",
    "message",
    "response",
    "prompt_tokens",
    "completion_tokens",
    "input_tokens",
    "output_tokens",
    "context",
    "done",
    "Eval_Count"
  };

  private static final String[] NUMBERS = {
    "0", "7", "-3", "12.75", "-0.25", "1e3", "1E-2", "9223372036854775807",
    "9223372036854775808", "-9223372036854775809", "1e19", "1e400", "3.0", "00", "1.", ".5"
  };

  /** A random JSON value, with the counters' field names likely at every depth. */
  private static String randomValue(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 4 : 6);
    return switch (kind) {
      case 0, 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
      case 2 -> random.nextBoolean() ? "\"5\"" : random.nextBoolean() ? "null" : "true";
      case 3 -> "\"s\\u00e9\\n\u4e2d\"";
      case 4 -> randomObject(random, depth + 1);
      default -> {
        StringBuilder array = new StringBuilder("[");
        for (int n = random.nextInt(4); n > 0; n--) {
          array.append(randomValue(random, depth + 1)).append(n > 1 ? "," : "");
        }
        yield array.append(']').toString();
      }
    };
  }

  private static String randomObject(Random random, int depth) {
    StringBuilder object = new StringBuilder("{");
    for (int n = random.nextInt(5); n > 0; n--) {
      object.append('"').append(NAMES[random.nextInt(NAMES.length)]).append("\":");
      object.append(randomValue(random, depth)).append(n > 1 ? "," : "");
    }
    return object.append('}').toString();
  }

  private static String randomLine(Random random) {
    String object = randomObject(random, 0);
    return random.nextInt(4) == 0 ? "data: " + object : object;
  }

  /** Half the lines stay as made; the others lose, gain or change a character somewhere. */
  private static String mutate(String line, Random random) {
    if (random.nextBoolean() || line.isEmpty()) {
      return line;
    }
    int at = random.nextInt(line.length());
    String noise = String.valueOf("{}[],:\"\\ 0x-.e\u00ff".charAt(random.nextInt(15)));
    return switch (random.nextInt(3)) {
      case 0 -> line.substring(0, at) + line.substring(at + 1);
      case 1 -> line.substring(0, at) + noise + line.substring(at);
      default -> line.substring(0, at) + noise + line.substring(at + 1);
    };
  }
}
