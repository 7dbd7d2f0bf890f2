package dev.corral.gateway.policy.gguf;

import dev.corral.core.vuln.GatewayRule;
import dev.corral.gateway.policy.BlobInspector;
import dev.corral.gateway.policy.Route;
import dev.corral.gateway.policy.Verdict;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Virtual patch {@code blob-gguf-validation}: reads a blob upload's GGUF header, metadata and
 * tensor infos as they stream in, and accepts the blob only when all of them are well-formed and
 * every tensor's data lies inside the declared length. Covers the GGUF parser crashes (CVE-2024-
 * 39720, 2024-8063, 2024-12055, 2025-0312, 2025-0315, 2025-0317, 2025-66959, 2025-66960) and
 * Bleeding Llama (CVE-2026-7482: a tensor declaring far more elements than its data).
 *
 * <p>Memory stays bounded: metadata values are skipped, never stored; only tensor names (at most
 * {@link #MAX_TENSORS} of at most {@link #MAX_NAME} bytes) and two numbers per tensor are kept.
 * Only GGUF versions 2 and 3 (little-endian) are accepted: version 1 is long obsolete and its
 * string reader was itself vulnerable (CVE-2025-66960).
 *
 * <p>When the length is unknown (a chunked upload) nothing can be compared with it before the data
 * arrive; {@link #minimumLength()} then says how many bytes the body must have, and the data path
 * must cut the upstream request (never sending the final chunk) if the body ends shorter.
 */
public final class GgufInspector implements BlobInspector {

  static final int MAX_TENSORS = 65_536;
  static final int MAX_KV = 65_536;

  /** Real keys are under 100 bytes; the format allows 65,535, but nothing needs more than this. */
  static final int MAX_KEY = 256;

  /** Total bytes of distinct keys kept to spot duplicates. */
  static final int MAX_KEY_BYTES = 1 << 20;

  static final int MAX_NAME = 256;
  static final int MAX_DIMS = 4;
  static final long MAX_HEADER = 512L << 20;
  static final int DEFAULT_ALIGNMENT = 32;

  private static final int TYPE_UINT8 = 0;
  private static final int TYPE_INT8 = 1;
  private static final int TYPE_UINT16 = 2;
  private static final int TYPE_INT16 = 3;
  private static final int TYPE_UINT32 = 4;
  private static final int TYPE_INT32 = 5;
  private static final int TYPE_FLOAT32 = 6;
  private static final int TYPE_BOOL = 7;
  private static final int TYPE_STRING = 8;
  private static final int TYPE_ARRAY = 9;
  private static final int TYPE_UINT64 = 10;
  private static final int TYPE_INT64 = 11;
  private static final int TYPE_FLOAT64 = 12;

  /** What the next bytes are. */
  private enum Step {
    MAGIC,
    VERSION,
    TENSOR_COUNT,
    KV_COUNT,
    KEY_LENGTH,
    KEY,
    VALUE_TYPE,
    SCALAR,
    STRING_LENGTH,
    STRING_BYTES,
    ARRAY_TYPE,
    ARRAY_COUNT,
    ARRAY_ITEMS,
    NAME_LENGTH,
    NAME,
    DIM_COUNT,
    DIM,
    TENSOR_TYPE,
    OFFSET,
    DONE
  }

  private final long contentLength;
  private final long limit;
  private final Route route;

  private Progress progress = Progress.NEED_MORE;
  private Verdict refusal;

  private Step step = Step.MAGIC;
  private final byte[] scratch = new byte[MAX_NAME];
  private int want = 4;
  private int have;
  private long skip;
  private long position;

  private long tensorCount;
  private long kvCount;
  private long kvRead;
  private String key = "";
  private int valueType;
  private boolean inArray;
  private long arrayRemaining;
  private long alignment = DEFAULT_ALIGNMENT;

  private long tensorsRead;
  private int dimCount;
  private int dimsRead;
  private long elements;
  private long firstDim;
  private long tensorType;
  private long[] offsets;
  private long[] sizes;
  private final Set<String> names = new HashSet<>();
  private final Set<String> keys = new HashSet<>();
  private long keyBytes;
  private String name = "";
  private long minimumLength;
  private boolean sawArchitecture;

  private static final String ARCHITECTURE = "general.architecture";

  /**
   * @param contentLength the declared body length, or -1 when unknown (chunked)
   * @param maxBlobBody the largest blob accepted
   * @param route the blob route, carried into refusals
   */
  public GgufInspector(long contentLength, long maxBlobBody, Route route) {
    this.contentLength = contentLength;
    this.limit = contentLength >= 0 ? Math.min(contentLength, maxBlobBody) : maxBlobBody;
    this.route = route;
    if (contentLength > maxBlobBody) {
      refuse("blob larger than the configured maximum");
    }
  }

  /** Bytes the body must have for its tensors to be complete; known once accepted. */
  @Override
  public long minimumLength() {
    return minimumLength;
  }

  @Override
  public Progress feed(ByteBuf chunk) {
    try {
      return feedUnchecked(chunk);
    } catch (RuntimeException e) {
      refuse("unreadable header"); // never throw on hostile input: refuse instead
      return progress;
    }
  }

  private Progress feedUnchecked(ByteBuf chunk) {
    int index = chunk.readerIndex();
    int end = chunk.writerIndex();
    while (progress == Progress.NEED_MORE && index < end) {
      if (skip > 0) {
        int n = (int) Math.min(skip, end - index);
        skip -= n;
        index += n;
        position += n;
        if (skip == 0) {
          afterSkip();
        }
        continue;
      }
      int n = Math.min(want - have, end - index);
      chunk.getBytes(index, scratch, have, n);
      have += n;
      index += n;
      position += n;
      if (have == want) {
        have = 0;
        advance();
      }
    }
    return progress;
  }

  @Override
  public Verdict endOfBody() {
    if (progress != Progress.REFUSED) {
      refuse(
          progress == Progress.ACCEPTED
              ? "blob shorter than its tensors need"
              : "blob ended inside the GGUF header");
    }
    return refusal;
  }

  @Override
  public Verdict refusal() {
    return refusal;
  }

  private void refuse(String message) {
    progress = Progress.REFUSED;
    refusal =
        Verdict.deny(400, GatewayRule.BLOB_GGUF_VALIDATION.id(), "invalid GGUF: " + message, route);
  }

  /** A complete primitive (or kept text) is in {@code scratch}: act on it. */
  private void advance() {
    if (position > MAX_HEADER) {
      refuse("header larger than " + (MAX_HEADER >> 20) + " MiB");
      return;
    }
    switch (step) {
      case MAGIC -> {
        if (scratch[0] != 'G' || scratch[1] != 'G' || scratch[2] != 'U' || scratch[3] != 'F') {
          refuse("not a GGUF file");
          return;
        }
        expect(Step.VERSION, 4);
      }
      case VERSION -> {
        long version = u32();
        if (version != 2 && version != 3) {
          refuse("unsupported version " + version);
          return;
        }
        expect(Step.TENSOR_COUNT, 8);
      }
      case TENSOR_COUNT -> {
        tensorCount = u64();
        if (tensorCount < 0 || tensorCount > MAX_TENSORS) {
          refuse("tensor count out of range");
          return;
        }
        offsets = new long[(int) tensorCount];
        sizes = new long[(int) tensorCount];
        expect(Step.KV_COUNT, 8);
      }
      case KV_COUNT -> {
        kvCount = u64();
        if (kvCount < 0 || kvCount > MAX_KV) {
          refuse("metadata count out of range");
          return;
        }
        nextKv();
      }
      case KEY_LENGTH -> {
        long length = u64();
        if (length < 1 || length > MAX_KEY || !fits(length)) {
          refuse("bad metadata key length");
          return;
        }
        expect(Step.KEY, (int) length);
      }
      case KEY -> {
        key = new String(scratch, 0, want, StandardCharsets.UTF_8);
        keyBytes += want;
        // Readers disagree on a repeated key (Ollama keeps the last, llama.cpp refuses the file).
        if (keyBytes > MAX_KEY_BYTES || !keys.add(key)) {
          refuse("duplicate metadata key");
          return;
        }
        expect(Step.VALUE_TYPE, 4);
      }
      case VALUE_TYPE -> {
        long type = u32();
        if (type < 0 || type > TYPE_FLOAT64) {
          refuse("unknown metadata value type");
          return;
        }
        valueType = (int) type;
        inArray = false;
        if (!checkKeyType()) {
          return;
        }
        startValue();
      }
      case SCALAR -> {
        if (!checkScalar()) {
          return;
        }
        endValue();
      }
      case STRING_LENGTH -> {
        long length = u64();
        if (length < 0 || !fits(length)) {
          refuse("string longer than the blob");
          return;
        }
        if (!inArray && key.equals(ARCHITECTURE) && (length < 1 || length > 64)) {
          refuse("general.architecture must be 1 to 64 bytes");
          return;
        }
        if (length == 0) {
          endValue();
        } else {
          step = Step.STRING_BYTES;
          skip = length;
        }
      }
      case ARRAY_TYPE -> {
        long type = u32();
        if (type < 0 || type > TYPE_FLOAT64 || type == TYPE_ARRAY) {
          refuse("unsupported array element type");
          return;
        }
        valueType = (int) type;
        expect(Step.ARRAY_COUNT, 8);
      }
      case ARRAY_COUNT -> {
        long count = u64();
        int size = valueType == TYPE_STRING ? 8 : scalarSize(valueType);
        if (count < 0 || count > (limit - position) / size) {
          refuse("array longer than the blob");
          return;
        }
        inArray = true;
        if (valueType == TYPE_STRING) {
          arrayRemaining = count;
          nextArrayString();
        } else if (count == 0) {
          endArray();
        } else {
          step = Step.ARRAY_ITEMS;
          skip = count * size;
        }
      }
      case NAME_LENGTH -> {
        long length = u64();
        if (length < 1 || length > MAX_NAME) {
          refuse("bad tensor name length");
          return;
        }
        expect(Step.NAME, (int) length);
      }
      case NAME -> {
        name = new String(scratch, 0, want, StandardCharsets.UTF_8);
        if (!names.add(name)) {
          refuse("duplicate tensor name");
          return;
        }
        expect(Step.DIM_COUNT, 4);
      }
      case DIM_COUNT -> {
        long dims = u32();
        if (dims < 1 || dims > MAX_DIMS) {
          refuse("tensor has " + dims + " dimensions");
          return;
        }
        dimCount = (int) dims;
        dimsRead = 0;
        elements = 1;
        expect(Step.DIM, 8);
      }
      case DIM -> {
        long dim = u64();
        if (dim < 1) {
          refuse("tensor dimension out of range");
          return;
        }
        if (dimsRead == 0) {
          firstDim = dim;
        }
        try {
          elements = Math.multiplyExact(elements, dim);
        } catch (ArithmeticException e) {
          refuse("tensor element count overflows");
          return;
        }
        if (++dimsRead < dimCount) {
          expect(Step.DIM, 8);
        } else {
          expect(Step.TENSOR_TYPE, 4);
        }
      }
      case TENSOR_TYPE -> {
        tensorType = u32();
        if (!GgmlTypes.known(tensorType)) {
          refuse("unknown tensor type " + tensorType);
          return;
        }
        if (firstDim % GgmlTypes.blockSize(tensorType) != 0) {
          refuse("tensor row not a whole number of blocks");
          return;
        }
        expect(Step.OFFSET, 8);
      }
      case OFFSET -> {
        long offset = u64();
        if (offset < 0 || offset % alignment != 0) {
          refuse("tensor offset not aligned");
          return;
        }
        long size;
        try {
          size =
              Math.multiplyExact(
                  elements / GgmlTypes.blockSize(tensorType), GgmlTypes.typeSize(tensorType));
          Math.addExact(offset, size);
        } catch (ArithmeticException e) {
          refuse("tensor size overflows");
          return;
        }
        offsets[(int) tensorsRead] = offset;
        sizes[(int) tensorsRead] = size;
        tensorsRead++;
        nextTensor();
      }
      default -> refuse("unexpected state");
    }
  }

  /** A skipped run (key, string, fixed-size array items) has been passed. */
  private void afterSkip() {
    switch (step) {
      case STRING_BYTES -> {
        if (inArray) {
          nextArrayString();
        } else {
          endValue();
        }
      }
      case ARRAY_ITEMS -> endArray();
      default -> refuse("unexpected state");
    }
  }

  /** Known keys whose type Ollama's reader trusts: a wrong type crashed it (CVE-2024-8063). */
  private boolean checkKeyType() {
    if (key.equals(ARCHITECTURE)) {
      if (valueType != TYPE_STRING) {
        refuse("general.architecture must be a string");
        return false;
      }
      sawArchitecture = true;
    }
    if (key.equals("general.alignment") && valueType != TYPE_UINT32) {
      refuse("general.alignment must be a uint32");
      return false;
    }
    if (key.endsWith(".block_count") && !isInteger(valueType)) {
      refuse(key + " must be an integer");
      return false;
    }
    return true;
  }

  private boolean checkScalar() {
    if (valueType == TYPE_BOOL && (scratch[0] & 0xff) > 1) {
      refuse("bad boolean value");
      return false;
    }
    if (key.equals("general.alignment")) {
      long value = u32();
      // A zero alignment divided by zero in ggufPadding (CVE-2025-0317).
      if (value == 0 || (value & (value - 1)) != 0 || value > (1 << 16)) {
        refuse("general.alignment must be a power of two");
        return false;
      }
      alignment = value;
    }
    if (key.endsWith(".block_count") && integerValue() <= 0) {
      refuse(key + " must be positive");
      return false;
    }
    return true;
  }

  private long integerValue() {
    return switch (valueType) {
      case TYPE_UINT8 -> scratch[0] & 0xffL;
      case TYPE_INT8 -> scratch[0];
      case TYPE_UINT16 -> (scratch[0] & 0xff) | ((scratch[1] & 0xff) << 8);
      case TYPE_INT16 -> (short) ((scratch[0] & 0xff) | ((scratch[1] & 0xff) << 8));
      case TYPE_UINT32 -> u32();
      case TYPE_INT32 -> (int) u32();
      default -> u64(); // UINT64 values above Long.MAX_VALUE come out negative: refused
    };
  }

  private static boolean isInteger(int type) {
    return type <= TYPE_INT32 || type == TYPE_UINT64 || type == TYPE_INT64;
  }

  private void startValue() {
    switch (valueType) {
      case TYPE_STRING -> expect(Step.STRING_LENGTH, 8);
      case TYPE_ARRAY -> expect(Step.ARRAY_TYPE, 4);
      default -> expect(Step.SCALAR, scalarSize(valueType));
    }
  }

  private static int scalarSize(int type) {
    return switch (type) {
      case TYPE_UINT8, TYPE_INT8, TYPE_BOOL -> 1;
      case TYPE_UINT16, TYPE_INT16 -> 2;
      case TYPE_UINT32, TYPE_INT32, TYPE_FLOAT32 -> 4;
      default -> 8;
    };
  }

  private void nextArrayString() {
    if (arrayRemaining == 0) {
      endArray();
      return;
    }
    arrayRemaining--;
    expect(Step.STRING_LENGTH, 8);
  }

  private void endArray() {
    inArray = false;
    endValue();
  }

  private void endValue() {
    kvRead++;
    nextKv();
  }

  private void nextKv() {
    if (kvRead < kvCount) {
      expect(Step.KEY_LENGTH, 8);
    } else {
      nextTensor();
    }
  }

  private void nextTensor() {
    if (tensorsRead < tensorCount) {
      expect(Step.NAME_LENGTH, 8);
      return;
    }
    finish();
  }

  /** All tensor infos read: the data must start aligned and every tensor fit, without overlap. */
  private void finish() {
    step = Step.DONE;
    long dataStart = (position + alignment - 1) / alignment * alignment;
    int n = (int) tensorCount;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(offsets[a], offsets[b]));
    long end = 0;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      if (offsets[i] < end) {
        refuse("tensor data overlap");
        return;
      }
      end = offsets[i] + sizes[i];
    }
    long required;
    try {
      required = Math.addExact(dataStart, end);
    } catch (ArithmeticException e) {
      refuse("tensor data beyond any file");
      return;
    }
    if (required > limit) {
      refuse("tensor data extends past the end of the blob");
      return;
    }
    // Every model, adapter and projector file names its architecture and has tensors; Ollama's
    // loaders dereferenced what was missing (CVE-2024-39720, CVE-2025-0312).
    if (!sawArchitecture) {
      refuse("general.architecture missing");
      return;
    }
    if (tensorCount == 0) {
      refuse("no tensors");
      return;
    }
    minimumLength = required;
    progress = Progress.ACCEPTED;
  }

  /** Whether {@code length} more bytes can still be in the blob. */
  private boolean fits(long length) {
    return length <= limit - position;
  }

  private void expect(Step next, int bytes) {
    step = next;
    want = bytes;
    have = 0;
  }

  private long u32() {
    return (scratch[0] & 0xffL)
        | ((scratch[1] & 0xffL) << 8)
        | ((scratch[2] & 0xffL) << 16)
        | ((scratch[3] & 0xffL) << 24);
  }

  private long u64() {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (scratch[i] & 0xffL);
    }
    return v;
  }
}
