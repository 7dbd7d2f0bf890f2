package dev.corral.lab.ollama;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The timing and token counters on Ollama's final stream line, computed from what was actually
 * streamed so that a gateway counting tokens sees consistent numbers.
 */
record Counters(
    long totalDuration,
    long loadDuration,
    int promptEvalCount,
    long promptEvalDuration,
    int evalCount,
    long evalDuration) {

  static Counters of(
      boolean loaded, long loadNanos, int promptTokens, int evalTokens, long tokenNanos) {
    long load = loaded ? loadNanos : 12_345_678L;
    long promptEval = promptTokens * 2_500_000L;
    long eval = evalTokens * Math.max(tokenNanos, 15_000_000L);
    return new Counters(
        load + promptEval + eval + 1_000_000L, load, promptTokens, promptEval, evalTokens, eval);
  }

  /** Appends the metrics in {@code api.Metrics} field order (all omitempty). */
  void appendTo(Map<String, Object> line) {
    putIfNonZero(line, "total_duration", totalDuration);
    putIfNonZero(line, "load_duration", loadDuration);
    putIfNonZero(line, "prompt_eval_count", promptEvalCount);
    putIfNonZero(line, "prompt_eval_duration", promptEvalDuration);
    putIfNonZero(line, "eval_count", evalCount);
    putIfNonZero(line, "eval_duration", evalDuration);
  }

  Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    appendTo(map);
    return map;
  }

  private static void putIfNonZero(Map<String, Object> line, String key, long value) {
    if (value != 0) {
      line.put(key, value);
    }
  }
}
