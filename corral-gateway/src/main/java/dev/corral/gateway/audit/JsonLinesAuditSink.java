package dev.corral.gateway.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes audit events as JSON lines (one object per line, snake_case fields) to a file or to
 * standard output, from a background thread so the event loop never waits for the disk. {@link
 * #close} writes everything queued before returning.
 *
 * <p>The queue is bounded so a stalled disk cannot eat the heap; when it is full, or a write fails,
 * events are counted as dropped and the count is written as its own line once there is room again.
 */
public final class JsonLinesAuditSink implements AuditSink {
  static final long LINGER_MILLIS = 20;

  static final int CAPACITY = 1 << 16;
  private static final Object STOP = new Object();
  private static final JsonFactory JSON = new JsonFactory();

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final OutputStream out;
  private final boolean closeStream;
  private final Thread writer;
  private volatile boolean closed;

  private JsonLinesAuditSink(OutputStream out, boolean closeStream, String name) {
    this.out = out;
    this.closeStream = closeStream;
    this.writer = new Thread(this::run, "corral-audit-" + name);
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Appends to {@code target}: a file path (created owner-readable only), or {@code -} for standard
   * output.
   */
  public static JsonLinesAuditSink open(String target) {
    if (target.equals("-")) {
      return new JsonLinesAuditSink(System.out, false, "stdout");
    }
    Path file = Path.of(target);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!Files.exists(file)) {
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(file);
        }
      }
      OutputStream stream =
          Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      return new JsonLinesAuditSink(stream, true, "file");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the audit log " + target + ": " + e.getMessage(), e);
    }
  }

  /** For tests and embedding: writes to a stream the caller owns. */
  public static JsonLinesAuditSink to(OutputStream out) {
    return new JsonLinesAuditSink(out, false, "stream");
  }

  @Override
  public void record(AuditEvent event) {
    if (closed || !queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  /** Events lost because the queue was full (or the sink closed). */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // The writer drains the queue even while the file fails, so there is room soon.
      if (!queue.offer(STOP, 30, TimeUnit.SECONDS)) {
        System.err.println("corral gateway: the audit log writer is stuck; closing without it");
        return;
      }
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Writes batches until {@link #close}. A batch that cannot be written (a full disk, say) is
   * counted as dropped, said once on standard error, and the writer goes on: the next batch that
   * can be written carries the count of what was lost, and the log resumes when the disk does.
   */
  private void run() {
    List<Object> batch = new ArrayList<>();
    ByteArrayOutputStream lines = new ByteArrayOutputStream(1 << 16);
    long reportedDrops = 0;
    boolean failing = false;
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(batch);
      lines.reset();
      int events = 0;
      long drops = dropped.get();
      try (JsonGenerator g = JSON.createGenerator(lines)) {
        // One object per line, nothing between them (Jackson would put a space).
        g.setRootValueSeparator(null);
        for (Object o : batch) {
          if (o == STOP) {
            stop = true;
          } else {
            write(g, (AuditEvent) o);
            events++;
          }
        }
        if (drops != reportedDrops) {
          g.writeStartObject();
          g.writeNumberField("dropped_events", drops - reportedDrops);
          g.writeEndObject();
          g.writeRaw('\n');
        }
      } catch (IOException cannotHappen) {
        throw new UncheckedIOException(cannotHappen); // writing to memory
      }
      batch.clear();
      try {
        lines.writeTo(out);
        out.flush();
        reportedDrops = drops;
        if (failing) {
          failing = false;
          System.err.println("corral gateway: the audit log is written again");
        }
      } catch (IOException e) {
        dropped.addAndGet(events);
        if (!failing) {
          failing = true;
          System.err.println(
              "corral gateway: the audit log cannot be written ("
                  + e.getMessage()
                  + "); events are counted as dropped until it can");
        }
      }
      if (!stop) {
        try {
          // Let events gather: otherwise, under load, every event wakes this thread (a context
          // switch and a write call each). A line reaches the file at most this much later.
          Thread.sleep(failing ? 1_000 : LINGER_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    if (closeStream) {
      try {
        out.close();
      } catch (IOException e) {
        System.err.println("corral gateway: the audit log did not close: " + e.getMessage());
      }
    }
  }

  static void write(JsonGenerator g, AuditEvent e) throws IOException {
    g.writeStartObject();
    g.writeStringField("time", e.time().toString());
    if (e.keyId() == null) {
      g.writeNullField("key_id");
    } else {
      g.writeStringField("key_id", e.keyId());
    }
    g.writeStringField("client", e.client());
    g.writeStringField("method", e.method());
    g.writeStringField("route", e.route());
    if (e.model() == null) {
      g.writeNullField("model");
    } else {
      g.writeStringField("model", e.model());
    }
    g.writeBooleanField("allowed", e.allowed());
    g.writeStringField("rule", e.rule());
    g.writeNumberField("status", e.status());
    g.writeNumberField("prompt_tokens", e.promptTokens());
    g.writeNumberField("eval_tokens", e.evalTokens());
    g.writeNumberField("latency_us", e.latencyMicros());
    g.writeEndObject();
    g.writeRaw('\n');
  }
}
