package dev.corral.lab.wire;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Objects;

/**
 * What an emulated handler produced: a status, Go-style headers, and either a complete body or a
 * stream of flushed chunks. Mirrors the parts of Go's {@code ResponseWriter} that reach the wire.
 */
public final class LabResponse {

  /** One flushed write of a streaming response, sent after {@code delayNanos}. */
  @SuppressWarnings("ArrayRecordComponent") // written once, then only sent
  public record Chunk(byte[] data, long delayNanos) {
    public Chunk {
      Objects.requireNonNull(data, "data");
    }

    public static Chunk of(String text, long delayNanos) {
      return new Chunk(text.getBytes(StandardCharsets.UTF_8), delayNanos);
    }
  }

  private int status = 200;
  private final GoHeaders headers = new GoHeaders();
  private byte[] body;
  private Iterator<Chunk> stream;
  private Runnable onStreamEnd;
  private String proxyServer;
  private boolean raw;
  private boolean closeAfterRaw;

  public int status() {
    return status;
  }

  public LabResponse status(int status) {
    this.status = status;
    return this;
  }

  public GoHeaders headers() {
    return headers;
  }

  /** The complete body, or null when nothing was written (an empty response). */
  public byte[] body() {
    return body;
  }

  public LabResponse body(byte[] body) {
    this.body = body;
    return this;
  }

  public LabResponse body(String text) {
    return body(text.getBytes(StandardCharsets.UTF_8));
  }

  /** True once a handler or middleware wrote a body or aborted with a status (gin's Written). */
  public boolean written() {
    return body != null || stream != null;
  }

  /** Marks the response as finished with an empty body (gin's AbortWithStatus). */
  public LabResponse finishEmpty(int status) {
    this.status = status;
    this.body = new byte[0];
    return this;
  }

  public Iterator<Chunk> stream() {
    return stream;
  }

  public boolean isStreaming() {
    return stream != null;
  }

  /** Streams {@code chunks}, each flushed on its own, as Ollama's NDJSON and SSE writers do. */
  public LabResponse stream(Iterator<Chunk> chunks) {
    this.stream = chunks;
    return this;
  }

  /** Runs when the stream ends or the client goes away (e.g. to unload a model). */
  public LabResponse onStreamEnd(Runnable action) {
    this.onStreamEnd = action;
    return this;
  }

  public Runnable onStreamEnd() {
    return onStreamEnd;
  }

  /**
   * Sends these bytes exactly, with no head of our own: for products that are not Go servers (their
   * heads differ) and for tarpits that trickle. Closes afterwards when asked.
   */
  public LabResponse raw(Iterator<Chunk> bytes, boolean closeAfter) {
    this.stream = bytes;
    this.raw = true;
    this.closeAfterRaw = closeAfter;
    return this;
  }

  public boolean isRaw() {
    return raw;
  }

  public boolean closeAfterRaw() {
    return closeAfterRaw;
  }

  /** Marks the answer as sent by a reverse proxy with this {@code Server} header (nginx style). */
  public LabResponse viaProxy(String server) {
    this.proxyServer = server;
    return this;
  }

  /** The proxy's {@code Server} header when the answer passed a proxy, else null. */
  public String proxyServer() {
    return proxyServer;
  }
}
