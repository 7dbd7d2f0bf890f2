package dev.corral.gateway.policy.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.policy.BlobInspector.Progress;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A GGUF file written by llama.cpp's own writer (test resource {@code gguf/tiny-llama.gguf}, made
 * by {@code make-tiny-llama.py} beside it): F32, F16 and Q8_0 tensors, string arrays with empty
 * strings, the writer's own alignment padding.
 */
class ReferenceGgufTest {

  private static byte[] file() throws IOException {
    try (InputStream in = ReferenceGgufTest.class.getResourceAsStream("/gguf/tiny-llama.gguf")) {
      return in.readAllBytes();
    }
  }

  private static GgufInspector inspect(byte[] bytes, long declared) {
    GgufInspector inspector = new GgufInspector(declared, 1L << 40, null);
    for (int i = 0; i < bytes.length; i += 100) {
      if (inspector.feed(Unpooled.wrappedBuffer(bytes, i, Math.min(100, bytes.length - i)))
          != Progress.NEED_MORE) {
        break;
      }
    }
    return inspector;
  }

  @Test
  void theReferenceWritersFileIsAcceptedAtItsExactLength() throws IOException {
    byte[] bytes = file();
    GgufInspector inspector = inspect(bytes, bytes.length);
    assertThat(inspector.refusal()).isNull();
    assertThat(inspector.minimumLength()).isEqualTo(bytes.length);
    assertThat(inspect(bytes, -1).minimumLength()).isEqualTo(bytes.length);
  }

  @Test
  void aByteShortIsRefused() throws IOException {
    byte[] bytes = file();
    assertThat(inspect(bytes, bytes.length - 1).refusal().message()).contains("past the end");
  }

  @Test
  void aTensorShapeGrownPastItsDataIsRefused() throws IOException {
    byte[] bytes = file();
    // Bleeding Llama on a real file: the last tensor claims a million elements.
    byte[] name = "output_norm.weight".getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(bytes, name) + name.length + 4; // past the name and n_dims
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(at, 1_000_000L);
    assertThat(inspect(bytes, bytes.length).refusal().message()).contains("past the end");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
