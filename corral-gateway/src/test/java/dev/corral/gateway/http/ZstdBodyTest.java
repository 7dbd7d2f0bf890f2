package dev.corral.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdBodyTest {
  private static final byte[] JSON =
      "{\"model\":\"llama3.2\",\"input\":\"Why is the sky blue?\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final BodyMemory memory = new BodyMemory(256L << 20, 256L << 20);

  /** A streamed frame (no content size in its header), as a streaming client writes it. */
  static byte[] zstd(byte[] data, int windowLog, boolean checksum) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out)) {
      if (windowLog > 0) {
        z.setWindowLog(windowLog);
      }
      z.setChecksum(checksum);
      z.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void decodesFramesAndReservesWhatItHolds() throws IOException {
    ZstdBody.Outcome one = ZstdBody.decode(zstd(JSON, 0, true), 1 << 20, memory);
    assertThat(one.status()).isEqualTo(ZstdBody.Status.DECODED);
    assertThat(one.body()).isEqualTo(JSON);
    assertThat(memory.held()).isEqualTo(JSON.length);
    one.release(memory);
    assertThat(memory.held()).isZero();

    // A one-shot frame (content size in its header) too.
    ZstdBody.Outcome oneShot = ZstdBody.decode(Zstd.compress(JSON), 1 << 20, memory);
    assertThat(oneShot.body()).isEqualTo(JSON);
    oneShot.release(memory);

    // Frames one after another decode to their contents one after another; a skippable frame
    // (magic 0x184D2A50, 4 bytes of length, that many bytes) adds nothing.
    byte[] skippable = {0x50, 0x2A, 0x4D, 0x18, 2, 0, 0, 0, 'x', 'y'};
    ZstdBody.Outcome two =
        ZstdBody.decode(
            concat(
                zstd("{\"a\":".getBytes(StandardCharsets.UTF_8), 0, false),
                skippable,
                Zstd.compress("1}".getBytes(StandardCharsets.UTF_8))),
            1 << 20,
            memory);
    assertThat(new String(two.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    two.release(memory);
    assertThat(memory.held()).isZero();
  }

  @Test
  void theOutputLimitIsInclusive() throws IOException {
    byte[] compressed = zstd(JSON, 0, false);
    ZstdBody.Outcome exact = ZstdBody.decode(compressed, JSON.length, memory);
    assertThat(exact.status()).isEqualTo(ZstdBody.Status.DECODED);
    exact.release(memory);
    ZstdBody.Outcome over = ZstdBody.decode(compressed, JSON.length - 1, memory);
    assertThat(over.status()).isEqualTo(ZstdBody.Status.TOO_LARGE);
    assertThat(over.body()).isNull();
    assertThat(memory.held()).isZero();
  }

  @Test
  void aBombIsRefusedWithoutHoldingItsOutput() throws IOException {
    // 64 MiB of zeros in a few KiB; the limit is 1 MiB.
    byte[] bomb = zstd(new byte[64 << 20], 0, false);
    assertThat(bomb.length).isLessThan(64 << 10);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    long before = threads.getThreadAllocatedBytes(id);
    ZstdBody.Outcome d = ZstdBody.decode(bomb, 1 << 20, memory);
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertThat(d.status()).isEqualTo(ZstdBody.Status.TOO_LARGE);
    assertThat(d.problem()).isEqualTo("request body too large");
    // Counting goes through a 64 KiB scratch buffer: no array of the limit's size, let alone of
    // the bomb's, is ever made.
    assertThat(allocated).isLessThan(1 << 20);
    assertThat(memory.held()).isZero();
  }

  @Test
  void refusesWhatIsNotAWholeZstdStream() throws IOException {
    byte[] good = zstd(JSON, 0, true);
    byte[] flipped = good.clone();
    flipped[good.length - 2] ^= 0x55; // in the checksum
    byte[] garbled = good.clone();
    garbled[good.length / 2] ^= 0x7f;
    byte[] trailing = concat(good, "{}".getBytes(StandardCharsets.UTF_8));
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    byte[] plain = JSON;
    for (byte[] bad : new byte[][] {flipped, garbled, trailing, truncated, plain, new byte[0]}) {
      ZstdBody.Outcome d = ZstdBody.decode(bad, 1 << 20, memory);
      assertThat(d.status()).as(Arrays.toString(bad)).isEqualTo(ZstdBody.Status.CORRUPT);
      assertThat(d.body()).isNull();
      assertThat(d.problem()).contains("zstd body").doesNotContain("llama");
    }
    assertThat(ZstdBody.decode(trailing, 1 << 20, memory).problem())
        .contains("Unknown frame descriptor");
    assertThat(memory.held()).isZero();
  }

  @Test
  void aWindowOver8MiBIsRefusedLikeOllama() throws IOException {
    byte[] random = new byte[9 << 20];
    new Random(7).nextBytes(random);
    ZstdBody.Outcome eight = ZstdBody.decode(zstd(random, 23, false), 16 << 20, memory);
    assertThat(eight.status()).isEqualTo(ZstdBody.Status.DECODED);
    assertThat(eight.body()).isEqualTo(random);
    eight.release(memory);
    ZstdBody.Outcome sixteen = ZstdBody.decode(zstd(random, 24, false), 16 << 20, memory);
    assertThat(sixteen.status()).isEqualTo(ZstdBody.Status.CORRUPT);
    assertThat(sixteen.problem()).contains("too much memory");
    assertThat(memory.held()).isZero();
  }

  @Test
  void theSharedBudgetBoundsTheOutput() throws IOException {
    BodyMemory small = new BodyMemory(JSON.length - 1, JSON.length - 1);
    ZstdBody.Outcome d = ZstdBody.decode(zstd(JSON, 0, false), 1 << 20, small);
    assertThat(d.status()).isEqualTo(ZstdBody.Status.NO_MEMORY);
    assertThat(small.held()).isZero();
  }

  @Test
  void onlyOneFieldOfExactlyZstdIsDeclared() {
    assertThat(ZstdBody.declared(headers("content-encoding", "zstd"))).isTrue();
    assertThat(ZstdBody.declared(headers())).isFalse();
    assertThat(ZstdBody.declared(headers("content-encoding", "ZSTD"))).isFalse();
    assertThat(ZstdBody.declared(headers("content-encoding", "zstd, identity"))).isFalse();
    assertThat(ZstdBody.declared(headers("content-encoding", "identity"))).isFalse();
    assertThat(ZstdBody.declared(headers("content-encoding", "zstd", "Content-Encoding", "zstd")))
        .isFalse();
  }

  private static HttpHeaders headers(String... pairs) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < pairs.length; i += 2) {
      h.add(pairs[i], pairs[i + 1]);
    }
    return h;
  }
}
