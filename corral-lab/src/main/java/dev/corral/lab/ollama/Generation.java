package dev.corral.lab.ollama;

import dev.corral.lab.persona.ModelSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One emulated completion: the model is loaded (or its keep-alive refreshed), the reply is
 * synthesised, and the counters are derived from what will be streamed. Shared by the native and
 * the OpenAI-compatible text routes so their numbers always agree.
 *
 * @param tokens the reply, one element per streamed token
 * @param counters the final-line metrics
 * @param start when the first token is stamped
 * @param intervalNanos pause between tokens
 */
record Generation(List<String> tokens, Counters counters, Instant start, long intervalNanos) {

  static Generation run(GinContext c, ModelSpec model, String prompt, Duration keepAlive) {
    boolean fresh = c.state.load(model, keepAlive);
    List<String> tokens = Synth.replyTokens(prompt);
    long interval = c.persona.tokenInterval().toNanos();
    Counters counters =
        Counters.of(
            fresh, Synth.loadNanos(model), Synth.promptTokens(prompt), tokens.size(), interval);
    return new Generation(tokens, counters, c.state.now(), interval);
  }

  String text() {
    return String.join("", tokens);
  }

  /** The time stamp of the {@code step}-th streamed line. */
  Instant at(int step) {
    return start.plusNanos(intervalNanos * step);
  }
}
