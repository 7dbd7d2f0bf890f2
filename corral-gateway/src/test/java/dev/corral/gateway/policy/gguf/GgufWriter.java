package dev.corral.gateway.policy.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes GGUF files byte by byte for the inspector tests, including malformed ones. */
final class GgufWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  GgufWriter raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  GgufWriter header(int version, long tensors, long kvs) {
    raw("GGUF".getBytes(StandardCharsets.US_ASCII));
    u32(version);
    u64(tensors);
    return u64(kvs);
  }

  GgufWriter u8(int v) {
    out.write(v);
    return this;
  }

  GgufWriter u32(long v) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
    return this;
  }

  GgufWriter u64(long v) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
    return this;
  }

  GgufWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u64(b.length);
    return raw(b);
  }

  GgufWriter kvString(String key, String value) {
    string(key);
    u32(8);
    return string(value);
  }

  GgufWriter kvU32(String key, long value) {
    string(key);
    u32(4);
    return u32(value);
  }

  GgufWriter kvStrings(String key, String... values) {
    string(key);
    u32(9);
    u32(8);
    u64(values.length);
    for (String v : values) {
      string(v);
    }
    return this;
  }

  GgufWriter kvFloats(String key, int count) {
    string(key);
    u32(9);
    u32(6);
    u64(count);
    for (int i = 0; i < count; i++) {
      u32(Float.floatToIntBits(i));
    }
    return this;
  }

  GgufWriter tensor(String name, int type, long offset, long... dims) {
    string(name);
    u32(dims.length);
    for (long d : dims) {
      u64(d);
    }
    u32(type);
    return u64(offset);
  }

  /** Pads to {@code alignment} and appends {@code dataBytes} of tensor data. */
  GgufWriter data(int alignment, int dataBytes) {
    while (out.size() % alignment != 0) {
      out.write(0);
    }
    out.writeBytes(new byte[dataBytes]);
    return this;
  }

  int size() {
    return out.size();
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
