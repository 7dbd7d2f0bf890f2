package dev.corral.scan.target;

/**
 * A keyed bijection of {@code [0, n)} computed one index at a time, so a scan can visit 2^32
 * addresses in random order with constant memory. A balanced Feistel network permutes the smallest
 * even-bit-width power of two that holds {@code n} (at most 4n); cycle-walking (apply again until
 * the result is below {@code n}) restricts it to {@code [0, n)} and stays a bijection. This is
 * shuffling, not cryptography: the goal is to spread load across networks, and the seed makes the
 * order reproducible for shards and resume.
 */
final class FeistelPermutation {
  /** Largest domain: the Feistel halves must fit in a long together. */
  static final long MAX_SIZE = 1L << 62;

  private static final int ROUNDS = 6;

  private final long size;
  private final int halfBits;
  private final long halfMask;
  private final long[] keys = new long[ROUNDS];

  FeistelPermutation(long size, long seed) {
    if (size < 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException("cannot permute " + size + " items");
    }
    this.size = size;
    int bits = size <= 1 ? 2 : 64 - Long.numberOfLeadingZeros(size - 1);
    if (bits % 2 == 1) {
      bits++;
    }
    this.halfBits = Math.max(1, bits / 2);
    this.halfMask = (1L << halfBits) - 1;
    long state = seed;
    for (int i = 0; i < ROUNDS; i++) {
      state += 0x9E37_79B9_7F4A_7C15L;
      keys[i] = mix(state);
    }
  }

  long size() {
    return size;
  }

  /** The position {@code index} moves to. */
  long apply(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " of " + size);
    }
    long x = index;
    do {
      x = encrypt(x);
    } while (x >= size);
    return x;
  }

  private long encrypt(long x) {
    long left = x >>> halfBits;
    long right = x & halfMask;
    for (long key : keys) {
      long next = left ^ (mix(right ^ key) & halfMask);
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

  /** SplitMix64's finaliser: a cheap, well-mixing 64-bit hash. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
