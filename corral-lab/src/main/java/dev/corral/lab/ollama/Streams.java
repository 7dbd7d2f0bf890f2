package dev.corral.lab.ollama;

import dev.corral.core.gojson.GoJsonWriter;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.lab.wire.LabResponse.Chunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Ollama's streaming writers: NDJSON lines ({@code streamResponse}) and their error cases. */
final class Streams {
  static final String NDJSON = "application/x-ndjson";

  private Streams() {}

  /** One NDJSON line per value, the first at once and the rest {@code interval} apart. */
  static List<Chunk> ndjson(List<?> values, long intervalNanos) {
    List<Chunk> chunks = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      chunks.add(Chunk.of(GoJsonWriter.encode(values.get(i)) + "\n", i == 0 ? 0 : intervalNanos));
    }
    return chunks;
  }

  /**
   * Streams {@code lines} as {@code application/x-ndjson}. {@code error}, if not null, ends the
   * stream the way {@code streamResponse} reports errors: a {@code {"error":…[,"status":N]}} line
   * before v0.12.6; from v0.12.6, when nothing was written yet, the real status with a plain JSON
   * body (still chunked, because gin flushes).
   */
  static void respond(
      GinContext c, List<?> lines, String error, Integer errorStatus, long intervalNanos) {
    c.response.headers().set("Content-Type", NDJSON);
    List<Chunk> chunks = new ArrayList<>(ndjson(lines, intervalNanos));
    if (error != null) {
      if (lines.isEmpty() && c.has(OllamaFeature.STREAM_ERROR_STATUS)) {
        c.response.headers().set("Content-Type", "application/json");
        c.response.status(errorStatus == null ? 500 : errorStatus);
        chunks.add(Chunk.of(GoJsonWriter.encode(Map.of("error", error)), 0));
      } else if (!lines.isEmpty() && c.has(OllamaFeature.STREAM_ERROR_STATUS)) {
        chunks.add(Chunk.of(GoJsonWriter.encode(Map.of("error", error)) + "\n", intervalNanos));
      } else {
        Map<String, Object> h = new TreeMap<>();
        h.put("error", error);
        if (errorStatus != null) {
          h.put("status", errorStatus);
        }
        chunks.add(Chunk.of(GoJsonWriter.encode(h) + "\n", lines.isEmpty() ? 0 : intervalNanos));
      }
    }
    c.response.stream(chunks.iterator());
  }

  /**
   * {@code waitForStream}: the non-streaming answer of pull/push/create: the last progress value,
   * or the error with its status (default 500), all as {@code application/json}.
   */
  static void waitFor(GinContext c, Object last, String error, Integer errorStatus) {
    c.response.headers().set("Content-Type", "application/json");
    if (error != null) {
      c.error(errorStatus == null ? 500 : errorStatus, error);
    } else {
      c.json(200, last);
    }
  }
}
