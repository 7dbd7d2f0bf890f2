package dev.corral.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's HTTP/1.1 head guard on a typical request: a 300-byte POST head and a 100-byte JSON
 * body arriving in one read, as a pooled direct buffer like the socket's, through an {@link
 * EmbeddedChannel} holding only the guard. {@code guard} is the guard's cost plus the floor; {@code
 * floor} is the same buffer through a channel with a handler that only passes it on (allocation,
 * copy, pipeline and release).
 *
 * <p>It lives in the guard's package because the guard is package-private.
 *
 * <p>Run: {@code java -jar corral-bench/target/benchmarks.jar Http1HeadGuardBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class Http1HeadGuardBenchmark {
  static final String BODY = jsonBody();
  static final String HEAD =
      "POST /api/generate HTTP/1.1\r\n"
          + "Host: gateway.example.internal:11434\r\n"
          + "User-Agent: ollama-python/0.4.7 (x86_64 linux) Python/3.12.3\r\n"
          + "Accept: application/json\r\n"
          + "Accept-Encoding: gzip, deflate\r\n"
          + "Connection: keep-alive\r\n"
          + "Content-Type: application/json\r\n"
          + "Authorization: Bearer ck_3q8ZbT1\r\n"
          + "Content-Length: "
          + BODY.length()
          + "\r\n\r\n";
  static final byte[] REQUEST = (HEAD + BODY).getBytes(StandardCharsets.US_ASCII);

  private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private EmbeddedChannel guarded;
  private EmbeddedChannel plain;

  @Setup
  public void setUp() {
    guarded = new EmbeddedChannel(new Http1HeadGuard(8 << 10, true));
    plain = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    // Refuse to measure a guard that changed or held back the request.
    if (guard() != REQUEST.length) {
      throw new IllegalStateException("the guard did not pass the request through whole");
    }
  }

  @TearDown
  public void tearDown() {
    guarded.finishAndReleaseAll();
    plain.finishAndReleaseAll();
  }

  /** One request through the guard; returns the bytes that came out. */
  @Benchmark
  public int guard() {
    return through(guarded);
  }

  /** The same request through a channel without the guard. */
  @Benchmark
  public int floor() {
    return through(plain);
  }

  private int through(EmbeddedChannel ch) {
    ByteBuf in = alloc.directBuffer(REQUEST.length).writeBytes(REQUEST);
    ch.writeInbound(in);
    int bytes = 0;
    ByteBuf out;
    while ((out = ch.readInbound()) != null) {
      bytes += out.readableBytes();
      out.release();
    }
    return bytes;
  }

  /** A 100-byte {@code /api/generate} body. */
  private static String jsonBody() {
    String start = "{\"model\":\"llama3.2:latest\",\"stream\":false,\"prompt\":\"";
    String end = "\"}";
    return start + "x".repeat(100 - start.length() - end.length()) + end;
  }
}
