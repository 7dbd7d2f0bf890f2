package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
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
    for (String body : new String[] {OLLAMA_STREAM, OPENAI_SSE, ANTHROPIC_SSE, EMBED}) {
      long[] whole = count(body, Integer.MAX_VALUE);
      for (int cut = 1; cut <= 64; cut++) {
        assertThat(count(body, cut)).as("cut every %d bytes", cut).containsExactly(whole);
      }
    }
    assertThat(count(OLLAMA_STREAM, 7)).containsExactly(11, 18, 29);
    assertThat(count(OPENAI_SSE, 7)).containsExactly(9, 3, 12);
    assertThat(count(ANTHROPIC_SSE, 7)).containsExactly(21, 40, 61);
    assertThat(count(EMBED, 7)).containsExactly(6, -1, 6);
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
}
