package dev.corral.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the token counts out of an upstream response as it streams past, without holding more than
 * the current line: Ollama's final NDJSON line ({@code "done":true} with {@code prompt_eval_count}
 * and {@code eval_count}), OpenAI's {@code usage} block ({@code prompt_tokens}, {@code
 * completion_tokens}) in the last SSE event or a plain JSON body, and the Anthropic-style {@code
 * input_tokens}/{@code output_tokens} of /v1/messages. Lines that mention none of these are never
 * parsed.
 */
final class TokenCounter {
  /** A line longer than this (a huge {@code context} array, say) is skipped, not buffered. */
  private static final int MAX_LINE = 8 << 20;

  private static final byte[] NO_LINE = new byte[0];

  private static final byte[][] MARKERS = {
    "eval_count".getBytes(StandardCharsets.US_ASCII),
    "\"usage\"".getBytes(StandardCharsets.US_ASCII),
  };

  private static final int[][] SKIPS = {skips(MARKERS[0]), skips(MARKERS[1])};

  /** The current line; none until a response has a byte (most answers are small, many empty). */
  private byte[] line = NO_LINE;

  private int length;
  private boolean overflow;
  private long prompt = -1;
  private long eval = -1;

  /** Looks at the readable bytes of {@code chunk} without consuming them. */
  void feed(ByteBuf chunk) {
    int from = chunk.readerIndex();
    int end = chunk.writerIndex();
    while (from < end) {
      int nl = chunk.indexOf(from, end, (byte) '\n');
      int stop = nl < 0 ? end : nl;
      append(chunk, from, stop - from);
      if (nl < 0) {
        return;
      }
      endLine();
      from = nl + 1;
    }
  }

  /** Reads whatever is left once the body has ended (a JSON body has no final newline). */
  void finish() {
    endLine();
  }

  long promptTokens() {
    return prompt;
  }

  long evalTokens() {
    return eval;
  }

  /** Prompt plus generated tokens, 0 when none were reported. */
  long total() {
    return Math.max(0, prompt) + Math.max(0, eval);
  }

  private void append(ByteBuf chunk, int from, int count) {
    if (overflow || count == 0) {
      return;
    }
    if (length + count > MAX_LINE) {
      overflow = true;
      return;
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.max(Math.max(length + count, 256), line.length * 2));
    }
    chunk.getBytes(from, line, length, count);
    length += count;
  }

  private void endLine() {
    if (!overflow && length > 0 && mentionsTokens()) {
      parse();
    }
    length = 0;
    overflow = false;
    if (line.length > 64 << 10) {
      line = new byte[256];
    }
  }

  private boolean mentionsTokens() {
    for (int m = 0; m < MARKERS.length; m++) {
      if (indexOf(MARKERS[m], SKIPS[m]) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where {@code marker} first occurs in the line, or -1: Horspool's search, which moves by up to
   * the marker's length at each step instead of one byte; every line of every generation passes
   * through here, and most hold no marker at all.
   */
  private int indexOf(byte[] marker, int[] skip) {
    int last = marker.length - 1;
    int i = 0;
    while (i + last < length) {
      byte b = line[i + last];
      if (b == marker[last]) {
        int j = last - 1;
        while (j >= 0 && line[i + j] == marker[j]) {
          j--;
        }
        if (j < 0) {
          return i;
        }
      }
      i += skip[b & 0xff];
    }
    return -1;
  }

  /** For each byte value, how far the marker may move when that byte ends the window. */
  private static int[] skips(byte[] marker) {
    int[] skip = new int[256];
    Arrays.fill(skip, marker.length);
    for (int k = 0; k < marker.length - 1; k++) {
      skip[marker[k] & 0xff] = marker.length - 1 - k;
    }
    return skip;
  }

  private void parse() {
    int start = 0;
    while (start < length && (line[start] == ' ' || line[start] == '\t')) {
      start++;
    }
    // An SSE field: "data: {...}".
    if (length - start >= 5
        && new String(line, start, 5, StandardCharsets.US_ASCII).equals("data:")) {
      start += 5;
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(line, start, length - start);
    } catch (IOException | RuntimeException e) {
      return;
    }
    if (node == null || !node.isObject()) {
      return;
    }
    take(node.get("prompt_eval_count"), true);
    take(node.get("eval_count"), false);
    JsonNode usage = node.get("usage");
    if (usage == null && node.get("message") instanceof JsonNode message) {
      usage = message.get("usage");
    }
    if (usage != null && usage.isObject()) {
      take(usage.get("prompt_tokens"), true);
      take(usage.get("completion_tokens"), false);
      take(usage.get("input_tokens"), true);
      take(usage.get("output_tokens"), false);
    }
  }

  private void take(JsonNode value, boolean isPrompt) {
    if (value == null || !value.canConvertToLong() || value.asLong() < 0) {
      return;
    }
    if (isPrompt) {
      prompt = value.asLong();
    } else {
      eval = value.asLong();
    }
  }
}
