package dev.corral.gateway.policy.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.policy.BlobInspector.Progress;
import dev.corral.gateway.policy.Caller;
import dev.corral.gateway.policy.OllamaPolicy;
import dev.corral.gateway.policy.PolicySettings;
import dev.corral.gateway.policy.Role;
import dev.corral.gateway.policy.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GgufInspectorTest {

  private static final int F32 = 0;
  private static final int F16 = 1;
  private static final int Q4_0 = 2;
  private static final long MAX = 1L << 40;

  /** A small but complete model: metadata of every shape, two tensors, their data. */
  static GgufWriter model() {
    return new GgufWriter()
        .header(3, 2, 5)
        .kvString("general.architecture", "llama")
        .kvU32("llama.block_count", 2)
        .kvU32("general.alignment", 32)
        .kvStrings("tokenizer.ggml.tokens", "<s>", "</s>", "hello")
        .kvFloats("tokenizer.ggml.scores", 3)
        .tensor("token_embd.weight", F32, 0, 4, 4)
        .tensor("blk.0.attn_q.weight", Q4_0, 64, 32, 2)
        .data(32, 64 + 36);
  }

  /** Feeds {@code bytes} in chunks of {@code step}, as the data path would. */
  static Result feed(byte[] bytes, long declared, int step) {
    GgufInspector inspector = new GgufInspector(declared, MAX, null);
    Progress progress = Progress.NEED_MORE;
    for (int i = 0; i < bytes.length && progress == Progress.NEED_MORE; i += step) {
      ByteBuf chunk = Unpooled.wrappedBuffer(bytes, i, Math.min(step, bytes.length - i));
      int before = chunk.readerIndex();
      progress = inspector.feed(chunk);
      assertThat(chunk.readerIndex()).as("feed must not consume").isEqualTo(before);
      chunk.release();
    }
    Verdict verdict =
        progress == Progress.REFUSED
            ? inspector.refusal()
            : progress == Progress.NEED_MORE ? inspector.endOfBody() : null;
    return new Result(progress, verdict, inspector.minimumLength());
  }

  record Result(Progress progress, Verdict verdict, long minimumLength) {}

  @ParameterizedTest(name = "chunks of {0}")
  @ValueSource(ints = {1, 3, 7, 64, 1 << 20})
  void wellFormedModelsAreAcceptedWhateverTheChunking(int step) {
    byte[] bytes = model().bytes();
    Result result = feed(bytes, bytes.length, step);
    assertThat(result.progress()).isEqualTo(Progress.ACCEPTED);
    assertThat(result.minimumLength()).isEqualTo(bytes.length);
  }

  @Test
  void chunkedUploadsReportTheLengthTheyMustReach() {
    byte[] bytes = model().bytes();
    Result result = feed(bytes, -1, 5);
    assertThat(result.progress()).isEqualTo(Progress.ACCEPTED);
    assertThat(result.minimumLength()).isEqualTo(bytes.length);
  }

  @Test
  void cve202439720FourByteGgufIsRefusedAtTheEnd() {
    Result result = feed("GGUF".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 4, 4);
    assertThat(result.progress()).isEqualTo(Progress.NEED_MORE);
    assertRefused(result, "ended inside");
  }

  @Test
  void cve20267482BleedingLlamaTensorLargerThanItsDataIsRefused() {
    // One F16 tensor declaring a million elements, with 1 KiB of data behind it.
    byte[] bytes =
        new GgufWriter()
            .header(3, 1, 2)
            .kvString("general.architecture", "llama")
            .kvU32("general.file_type", 1)
            .tensor("leak", F16, 0, 1_000_000)
            .data(32, 1024)
            .bytes();
    assertRefused(feed(bytes, bytes.length, 4096), "past the end");
  }

  @Test
  void nonGgufUploadsAreRefusedAtOnce() {
    for (byte[] bytes :
        List.of(
            new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0},
            new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0},
            "ggml".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            "FUGG".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      Result result = feed(bytes, 1000, 1000);
      assertThat(result.progress()).isEqualTo(Progress.REFUSED);
      assertRefused(result, "not a GGUF");
    }
  }

  static List<Object[]> malformed() {
    return List.of(
        new Object[] {"version 1 (CVE-2025-66960)", w(g -> g.header(1, 0, 0)), "version"},
        new Object[] {"version 4", w(g -> g.header(4, 0, 0)), "version"},
        new Object[] {
          "big-endian", w(g -> g.raw("GGUF".getBytes()).raw(new byte[] {0, 0, 0, 3})), "version"
        },
        new Object[] {
          "tensor count 2^40 (CVE-2025-0315)", w(g -> g.header(3, 1L << 40, 0)), "tensor count"
        },
        new Object[] {"negative tensor count", w(g -> g.header(3, -1, 0)), "tensor count"},
        new Object[] {"kv count 2^40", w(g -> g.header(3, 0, 1L << 40)), "metadata count"},
        new Object[] {
          "key length beyond the blob (CVE-2025-66959)",
          w(g -> g.header(3, 0, 1).u64(1L << 50)),
          "key length"
        },
        new Object[] {
          "string length beyond the blob (CVE-2024-12055)",
          w(g -> g.header(3, 0, 1).string("k").u32(8).u64(1L << 33)),
          "string"
        },
        new Object[] {
          "array count beyond the blob",
          w(g -> g.header(3, 0, 1).string("k").u32(9).u32(10).u64(1L << 40)),
          "array"
        },
        new Object[] {
          "nested arrays", w(g -> g.header(3, 0, 1).string("k").u32(9).u32(9).u64(1)), "array"
        },
        new Object[] {
          "unknown value type", w(g -> g.header(3, 0, 1).string("k").u32(13)), "value type"
        },
        new Object[] {"bad boolean", w(g -> g.header(3, 0, 1).string("k").u32(7).u8(2)), "boolean"},
        new Object[] {
          "block_count as a string (CVE-2024-8063)",
          w(g -> g.header(3, 0, 1).kvString("llama.block_count", "x")),
          "block_count"
        },
        new Object[] {
          "block_count zero", w(g -> g.header(3, 0, 1).kvU32("llama.block_count", 0)), "block_count"
        },
        new Object[] {
          "alignment zero (CVE-2025-0317)",
          w(g -> g.header(3, 0, 1).kvU32("general.alignment", 0)),
          "alignment"
        },
        new Object[] {
          "alignment not a power of two",
          w(g -> g.header(3, 0, 1).kvU32("general.alignment", 48)),
          "alignment"
        },
        new Object[] {
          "alignment as a string",
          w(g -> g.header(3, 0, 1).kvString("general.alignment", "32")),
          "alignment"
        },
        new Object[] {
          "five dimensions",
          w(g -> g.header(3, 1, 0).tensor("t", F32, 0, 1, 1, 1, 1, 1)),
          "dimensions"
        },
        new Object[] {"no dimensions", w(g -> g.header(3, 1, 0).tensor("t", F32, 0)), "dimensions"},
        new Object[] {
          "zero dimension", w(g -> g.header(3, 1, 0).tensor("t", F32, 0, 0)), "dimension"
        },
        new Object[] {
          "element count overflow (CVE-2025-0312)",
          w(g -> g.header(3, 1, 0).tensor("t", F32, 0, 1L << 40, 1L << 40)),
          "overflows"
        },
        new Object[] {
          "size overflow", w(g -> g.header(3, 1, 0).tensor("t", F32, 0, 1L << 62)), "overflows"
        },
        new Object[] {"removed type Q4_2", w(g -> g.header(3, 1, 0).tensor("t", 4, 0, 32)), "type"},
        new Object[] {"unknown type", w(g -> g.header(3, 1, 0).tensor("t", 99, 0, 32)), "type"},
        new Object[] {
          "partial block", w(g -> g.header(3, 1, 0).tensor("t", Q4_0, 0, 33)), "blocks"
        },
        new Object[] {
          "unaligned offset", w(g -> g.header(3, 1, 0).tensor("t", F32, 4, 8)), "aligned"
        },
        new Object[] {
          "overlapping tensors",
          w(g -> g.header(3, 2, 0).tensor("a", F32, 0, 64).tensor("b", F32, 128, 64).data(32, 512)),
          "overlap"
        },
        new Object[] {
          "duplicate tensor names",
          w(g -> g.header(3, 2, 0).tensor("a", F32, 0, 8).tensor("a", F32, 32, 8)),
          "duplicate"
        },
        new Object[] {
          "long tensor name", w(g -> g.header(3, 1, 0).tensor("n".repeat(300), F32, 0, 8)), "name"
        });
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("malformed")
  void malformedHeadersAreRefused(String name, byte[] bytes, String why) {
    // Declared length: generous, so only the structure can be at fault.
    byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 4096);
    assertRefused(feed(padded, padded.length, 13), why);
  }

  @Test
  void blobsOverTheConfiguredMaximumAreRefused() {
    GgufInspector inspector = new GgufInspector(1000, 999, null);
    assertThat(inspector.refusal()).isNotNull();
    assertThat(inspector.feed(Unpooled.wrappedBuffer(model().bytes()))).isEqualTo(Progress.REFUSED);
  }

  @Test
  void thePolicyHandsOutAFreshInspectorPerUpload() {
    OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());
    Caller admin = new Caller("k", "n", Role.ADMIN, List.of("*"), 0, 0);
    var head =
        new dev.corral.gateway.policy.RequestHead(
            "POST", "/api/blobs/sha256:" + "a".repeat(64), new DefaultHttpHeaders(), "c", false);
    byte[] bytes = model().bytes();
    var inspector = policy.inspectBlob(admin, head, bytes.length);
    assertThat(inspector.feed(Unpooled.wrappedBuffer(bytes))).isEqualTo(Progress.ACCEPTED);
    var second = policy.inspectBlob(admin, head, 4);
    assertThat(second.feed(Unpooled.wrappedBuffer(new byte[] {'G', 'G', 'U', 'F'})))
        .isEqualTo(Progress.NEED_MORE);
    Verdict refusal = second.endOfBody();
    assertThat(refusal.rule()).isEqualTo("blob-gguf-validation");
    assertThat(refusal.route().pattern()).isEqualTo("/api/blobs/:digest");
  }

  private static byte[] w(Consumer<GgufWriter> build) {
    GgufWriter writer = new GgufWriter();
    build.accept(writer);
    return writer.bytes();
  }

  private static void assertRefused(Result result, String why) {
    assertThat(result.verdict()).as("refused").isNotNull();
    assertThat(result.verdict().allowed()).isFalse();
    assertThat(result.verdict().status()).isEqualTo(400);
    assertThat(result.verdict().rule()).isEqualTo("blob-gguf-validation");
    assertThat(result.verdict().message()).containsIgnoringCase(why);
  }
}
