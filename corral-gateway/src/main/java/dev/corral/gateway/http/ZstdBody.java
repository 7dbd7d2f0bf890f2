package dev.corral.gateway.http;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.corral.gateway.policy.PolicyRules;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * A request body sent with {@code Content-Encoding: zstd}, decoded within bounds, so that the
 * policy judges the JSON Ollama would execute and Ollama is sent that same JSON, plain. OpenAI
 * Codex 0.98 and later compress its {@code /v1/responses} bodies this way; recent Ollama decodes
 * them with klauspost/compress ({@code zstd.WithDecoderMaxMemory(8 << 20)}, at most 20 MiB out).
 *
 * <p>The decoder is zstd-jni: the JNI binding of the reference C library (libzstd, the most fuzzed
 * zstd decoder there is), maintained, with natives for every platform the JDK runs on inside its
 * jar. Its streaming decoder takes a window-log cap ({@code ZSTD_d_windowLogMax}), which is exactly
 * Ollama's bound; the pure-Java aircompressor 2.0.x decodes any window a frame declares (window log
 * up to 31) and has no such cap, so the gateway would have had to parse every frame header itself.
 *
 * <p>Bounds, each a refusal rather than a cost:
 *
 * <ul>
 *   <li>the window: at most 8 MiB ({@link #MAX_WINDOW_LOG}), like Ollama; a frame that needs more
 *       is refused before its window is allocated;
 *   <li>the output: at most {@code maxBytes} (the route's {@code max_json_body}). A first pass only
 *       counts, through a small scratch buffer, and stops at the first byte beyond the limit, so a
 *       bomb costs no more than decoding {@code maxBytes}, and holds none of it; the second pass
 *       writes into an array of exactly the counted size, taken from the {@link BodyMemory} budget
 *       first;
 *   <li>the stream: a corrupt, truncated or checksum-failing frame, bytes after the last frame, or
 *       no frame at all are refused ({@link PolicyRules#BODY_ENCODING}).
 * </ul>
 *
 * <p>Decoding costs CPU in proportion to the output, not the input: it runs on {@link JudgeThreads}
 * for a body of any size, never on an event loop. Stateless and thread-safe; each call has its own
 * native decoder, freed before it returns.
 */
final class ZstdBody {
  /**
   * 2^23 = 8 MiB: the largest window a frame may need, as {@code WithDecoderMaxMemory(8 << 20)}.
   */
  static final int MAX_WINDOW_LOG = 23;

  private static final int SCRATCH = 64 << 10;

  /** The largest Java array the output may become. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

  /** How a decoding ended. */
  enum Status {
    /** {@link Outcome#body()} holds the decoded bytes, reserved from the body budget. */
    DECODED,
    /** The output would exceed the limit (413). */
    TOO_LARGE,
    /** Not a zstd stream the gateway reads: corrupt, truncated, trailing bytes, window too big. */
    CORRUPT,
    /** The body budget of all connections has no room for the output (503). */
    NO_MEMORY,
    /** The native decoder cannot be loaded on this platform. */
    UNAVAILABLE
  }

  /**
   * The result of {@link #decode}.
   *
   * @param body the decoded bytes when {@link Status#DECODED}, else null; its length is reserved
   *     from the {@link BodyMemory} it was decoded against, and {@link #release} gives it back
   * @param problem a short client-safe reason when it was not decoded
   */
  record Outcome(Status status, byte[] body, String problem) {

    /** Gives back the reservation of a decoded body that will not be used. */
    void release(BodyBudget memory) {
      if (body != null) {
        memory.release(body.length);
      }
    }
  }

  private ZstdBody() {}

  /**
   * Whether a request's body is zstd-encoded: exactly one Content-Encoding field whose value is
   * exactly {@code zstd}, the test the policy applies (and Ollama: {@code GetHeader(...) ==
   * "zstd"}). Anything else with a Content-Encoding never gets past the policy.
   */
  static boolean declared(HttpHeaders headers) {
    if (!headers.contains(HttpHeaderNames.CONTENT_ENCODING)) {
      return false;
    }
    List<String> values = headers.getAll(HttpHeaderNames.CONTENT_ENCODING);
    return values.size() == 1 && "zstd".equals(values.getFirst());
  }

  /**
   * Decodes {@code compressed}, one or more zstd frames.
   *
   * @param maxBytes the most the decoded body may have
   * @param memory the budget the decoded body is reserved from
   */
  static Outcome decode(byte[] compressed, long maxBytes, BodyBudget memory) {
    if (compressed.length == 0) {
      return refused(Status.CORRUPT, "a zstd body needs at least one frame");
    }
    long limit = Math.min(maxBytes, MAX_ARRAY);
    try {
      long size = count(compressed, limit);
      if (size > limit) {
        return refused(Status.TOO_LARGE, "request body too large");
      }
      if (!memory.reserve(size)) {
        return refused(Status.NO_MEMORY, "the gateway is holding too many request bodies");
      }
      byte[] out = null;
      boolean filled = false;
      try {
        out = new byte[(int) size];
        filled = fill(compressed, out);
      } catch (OutOfMemoryError e) {
        return refused(Status.NO_MEMORY, "the gateway is holding too many request bodies");
      } finally {
        if (!filled) {
          memory.release(size);
        }
      }
      return filled
          ? new Outcome(Status.DECODED, out, "")
          : refused(Status.CORRUPT, "the zstd body decoded differently twice");
    } catch (ZstdIOException e) {
      // libzstd's fixed error names ("Unknown frame descriptor", "Frame requires too much memory
      // for decoding"...): no byte of the body is in them.
      return refused(Status.CORRUPT, "the zstd body could not be decoded: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      return refused(Status.CORRUPT, "the zstd body could not be decoded");
    } catch (LinkageError e) {
      return refused(Status.UNAVAILABLE, "zstd bodies cannot be decoded on this gateway");
    }
  }

  /** The decoded size, or {@code limit + 1} as soon as it is known to be larger. */
  private static long count(byte[] compressed, long limit) throws IOException {
    byte[] scratch = new byte[(int) Math.min(SCRATCH, limit + 1)];
    long total = 0;
    try (ZstdInputStreamNoFinalizer in = open(compressed)) {
      while (total <= limit) {
        int want = (int) Math.min(scratch.length, limit + 1 - total);
        int n = in.read(scratch, 0, want);
        if (n < 0) {
          return total;
        }
        total += n;
      }
    }
    return total;
  }

  /** Decodes into {@code out}; false unless the stream ended exactly when {@code out} was full. */
  private static boolean fill(byte[] compressed, byte[] out) throws IOException {
    int at = 0;
    try (ZstdInputStreamNoFinalizer in = open(compressed)) {
      while (at < out.length) {
        int n = in.read(out, at, out.length - at);
        if (n < 0) {
          return false;
        }
        at += n;
      }
      byte[] one = new byte[1];
      return in.read(one, 0, 1) < 0;
    }
  }

  /**
   * A decoder over the whole body: its end is the end of the stream, so a frame cut short is an
   * error (not continuous), and whatever follows a frame must be another frame.
   */
  private static ZstdInputStreamNoFinalizer open(byte[] compressed) throws IOException {
    ZstdInputStreamNoFinalizer in =
        new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(compressed));
    try {
      return in.setLongMax(MAX_WINDOW_LOG);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static Outcome refused(Status status, String problem) {
    return new Outcome(status, null, problem);
  }
}
