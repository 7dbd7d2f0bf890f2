package dev.corral.gateway.policy.gguf;

/**
 * Storage of each ggml tensor type: elements per block and bytes per block (ggml's {@code
 * type_traits}). A tensor of an unknown or removed type is refused: its size cannot be checked.
 */
final class GgmlTypes {

  /** {@code {blockSize, typeSize}} by type id; {@code null} for unknown ids. */
  private static final int[][] TRAITS = new int[40][];

  static {
    set(0, 1, 4); // F32
    set(1, 1, 2); // F16
    set(2, 32, 18); // Q4_0
    set(3, 32, 20); // Q4_1
    set(6, 32, 22); // Q5_0
    set(7, 32, 24); // Q5_1
    set(8, 32, 34); // Q8_0
    set(9, 32, 36); // Q8_1
    set(10, 256, 84); // Q2_K
    set(11, 256, 110); // Q3_K
    set(12, 256, 144); // Q4_K
    set(13, 256, 176); // Q5_K
    set(14, 256, 210); // Q6_K
    set(15, 256, 292); // Q8_K
    set(16, 256, 66); // IQ2_XXS
    set(17, 256, 74); // IQ2_XS
    set(18, 256, 98); // IQ3_XXS
    set(19, 256, 50); // IQ1_S
    set(20, 32, 18); // IQ4_NL
    set(21, 256, 110); // IQ3_S
    set(22, 256, 82); // IQ2_S
    set(23, 256, 136); // IQ4_XS
    set(24, 1, 1); // I8
    set(25, 1, 2); // I16
    set(26, 1, 4); // I32
    set(27, 1, 8); // I64
    set(28, 1, 8); // F64
    set(29, 256, 56); // IQ1_M
    set(30, 1, 2); // BF16
    set(34, 256, 54); // TQ1_0
    set(35, 256, 66); // TQ2_0
    set(39, 32, 17); // MXFP4
  }

  private GgmlTypes() {}

  private static void set(int type, int blockSize, int typeSize) {
    TRAITS[type] = new int[] {blockSize, typeSize};
  }

  static boolean known(long type) {
    return type >= 0 && type < TRAITS.length && TRAITS[(int) type] != null;
  }

  static int blockSize(long type) {
    return TRAITS[(int) type][0];
  }

  static int typeSize(long type) {
    return TRAITS[(int) type][1];
  }
}
