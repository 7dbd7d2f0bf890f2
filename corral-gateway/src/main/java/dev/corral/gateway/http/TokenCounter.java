package dev.corral.gateway.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

  private static final double MIN_LONG = Long.MIN_VALUE;
  private static final double MAX_LONG = Long.MAX_VALUE;

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

  /** NDJSON lines and SSE data lines seen: about one generated token each. */
  private long pieces;

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

  /**
   * What to charge when Ollama's own counts never came (the client left before the final line, or
   * an OpenAI stream without {@code stream_options.include_usage}): one token per streamed piece,
   * and one per four bytes of the request for its prompt. Otherwise such a request would be free.
   */
  long estimate(long requestBytes) {
    return pieces + (Math.max(0, requestBytes) + 3) / 4;
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
    if (overflow || (length > 0 && isPiece())) {
      pieces++;
    }
    if (!overflow && length > 0 && mentionsTokens()) {
      parse();
    }
    length = 0;
    overflow = false;
    if (line.length > 64 << 10) {
      line = new byte[256];
    }
  }

  /** An NDJSON object line or an SSE data line (not an event name, comment or blank line). */
  private boolean isPiece() {
    int i = 0;
    while (i < length && (line[i] == ' ' || line[i] == '\t')) {
      i++;
    }
    return i < length
        && (line[i] == '{' || (length - i >= 5 && line[i] == 'd' && line[i + 4] == ':'));
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

  /**
   * Reads the counts of one line with Jackson's streaming parser rather than a tree: the final line
   * of /api/generate carries a {@code context} array of thousands of numbers that a tree would turn
   * into as many objects. The rules are those of the strict mapper's tree: the whole line must be
   * one JSON object (no duplicate key at any depth, nothing after it), or nothing is taken; a count
   * is taken when it is a number that converts to a non-negative long; a top-level {@code usage}
   * wins over the Anthropic {@code message.usage} of a {@code message_start} event.
   */
  private void parse() {
    int start = 0;
    while (start < length && (line[start] == ' ' || line[start] == '\t')) {
      start++;
    }
    // An SSE field: "data: {...}".
    if (length - start >= 5
        && line[start] == 'd'
        && line[start + 1] == 'a'
        && line[start + 2] == 't'
        && line[start + 3] == 'a'
        && line[start + 4] == ':') {
      start += 5;
    }
    LineCounts found = new LineCounts();
    try (JsonParser parser = Json.mapper().createParser(line, start, length - start)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "prompt_eval_count" -> found.promptEvalCount = count(parser, value);
          case "eval_count" -> found.evalCount = count(parser, value);
          case "usage" -> {
            found.hasUsage = true;
            readUsage(parser, value, found.usage);
          }
          case "message" -> found.messageHasUsage = readMessage(parser, value, found.messageUsage);
          // The Responses API's response.completed event: {"response":{...,"usage":{...}}}.
          case "response" -> readMessage(parser, value, found.responseUsage);
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        return; // trailing data: the strict mapper refuses the whole line
      }
    } catch (IOException | RuntimeException e) {
      return;
    }
    take(found.promptEvalCount, true);
    take(found.evalCount, false);
    long[] usage =
        found.hasUsage
            ? found.usage
            : found.messageHasUsage ? found.messageUsage : found.responseUsage;
    take(usage[0], true);
    take(usage[1], false);
    take(usage[2], true);
    take(usage[3], false);
  }

  /**
   * Reads {@code prompt_tokens, completion_tokens, input_tokens, output_tokens} into {@code into}.
   */
  private static void readUsage(JsonParser parser, JsonToken value, long[] into)
      throws IOException {
    readObject(
        parser,
        value,
        (name, field) -> {
          switch (name) {
            case "prompt_tokens" -> into[0] = count(parser, field);
            case "completion_tokens" -> into[1] = count(parser, field);
            case "input_tokens" -> into[2] = count(parser, field);
            case "output_tokens" -> into[3] = count(parser, field);
            default -> parser.skipChildren();
          }
        });
  }

  /**
   * Reads the {@code usage} of an Anthropic {@code message} or a Responses API {@code response}
   * object, skipping the rest; whether it had one.
   */
  private static boolean readMessage(JsonParser parser, JsonToken value, long[] into)
      throws IOException {
    boolean[] hasUsage = {false};
    readObject(
        parser,
        value,
        (name, field) -> {
          if (name.equals("usage")) {
            hasUsage[0] = true;
            readUsage(parser, field, into);
          } else {
            parser.skipChildren();
          }
        });
    return hasUsage[0];
  }

  /** Hands each field of an object value to {@code fields}; skips a value of any other kind. */
  private static void readObject(JsonParser parser, JsonToken value, FieldReader fields)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return;
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      fields.read(name, parser.nextToken());
    }
  }

  /** Reads one field's value, whose first token is {@code value}, to its end. */
  private interface FieldReader {
    void read(String name, JsonToken value) throws IOException;
  }

  /**
   * The count a value stands for, or -1: what Jackson's {@code canConvertToLong}/{@code asLong}
   * make of a number (a fraction is cut toward zero; anything outside a long is no count).
   */
  private static long count(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = parser.getNumberType();
      return type == JsonParser.NumberType.BIG_INTEGER ? -1 : parser.getLongValue();
    }
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      double number = parser.getDoubleValue();
      return number >= MIN_LONG && number <= MAX_LONG ? (long) number : -1;
    }
    parser.skipChildren();
    return -1;
  }

  private void take(long value, boolean isPrompt) {
    if (value < 0) {
      return;
    }
    if (isPrompt) {
      prompt = value;
    } else {
      eval = value;
    }
  }

  /** What one line says, kept apart until the whole line has parsed. */
  private static final class LineCounts {
    long promptEvalCount = -1;
    long evalCount = -1;
    boolean hasUsage;
    final long[] usage = {-1, -1, -1, -1};
    final long[] messageUsage = {-1, -1, -1, -1};
    final long[] responseUsage = {-1, -1, -1, -1};
    boolean messageHasUsage;
  }
}
