package dev.corral.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  /** The code point the JDK's strict decoder reads from exactly these bytes, or -1. */
  private static int jdk(byte[] bytes) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return s.codePointCount(0, s.length()) == 1 ? s.codePointAt(0) : -1;
    } catch (CharacterCodingException e) {
      return -1;
    }
  }

  /** decodeMultiByte's verdict on exactly these bytes: -1 unless it reads one sequence of all. */
  private static int ours(byte[] bytes) {
    int cp = Utf8.decodeMultiByte(bytes, 0);
    return cp >= 0 && Utf8.length(cp) == bytes.length ? cp : -1;
  }

  @Test
  void agreesWithTheJdkOnEveryTwoAndThreeByteInput() {
    for (int b0 = 0x80; b0 <= 0xFF; b0++) {
      for (int b1 = 0; b1 <= 0xFF; b1++) {
        byte[] two = {(byte) b0, (byte) b1};
        assertThat(ours(two)).as("%02X %02X", b0, b1).isEqualTo(jdk(two));
        if (b0 >= 0xE0 && b0 <= 0xEF) {
          for (int b2 = 0; b2 <= 0xFF; b2++) {
            byte[] three = {(byte) b0, (byte) b1, (byte) b2};
            int expected = jdk(three);
            if (ours(three) != expected) {
              assertThat(ours(three)).as("%02X %02X %02X", b0, b1, b2).isEqualTo(expected);
            }
          }
        }
      }
    }
  }

  @Test
  void fourByteEdgesAndCutSequences() {
    assertThat(
            Utf8.decodeMultiByte(
                new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, 0))
        .isEqualTo(0x1F600);
    assertThat(
            Utf8.decodeMultiByte(
                new byte[] {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, 0))
        .isEqualTo(0x10FFFF);
    // Above U+10FFFF, overlong four-byte, lead bytes that never start one.
    assertThat(
            Utf8.decodeMultiByte(
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0))
        .isEqualTo(-1);
    assertThat(
            Utf8.decodeMultiByte(
                new byte[] {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, 0))
        .isEqualTo(-1);
    assertThat(
            Utf8.decodeMultiByte(
                new byte[] {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, 0))
        .isEqualTo(-1);
    assertThat(Utf8.decodeMultiByte(new byte[] {(byte) 0xC0, (byte) 0x80}, 0)).isEqualTo(-1);
    // Cut off by the end of the input.
    assertThat(Utf8.decodeMultiByte(new byte[] {'a', (byte) 0xE2, (byte) 0x82}, 1)).isEqualTo(-1);
    assertThat(Utf8.decodeMultiByte(new byte[] {'a', (byte) 0xE2, (byte) 0x82, (byte) 0xAC}, 1))
        .isEqualTo(0x20AC);
    assertThat(Utf8.length(0x7F)).isEqualTo(1);
    assertThat(Utf8.length(0x80)).isEqualTo(2);
    assertThat(Utf8.length(0x7FF)).isEqualTo(2);
    assertThat(Utf8.length(0x800)).isEqualTo(3);
    assertThat(Utf8.length(0xFFFF)).isEqualTo(3);
    assertThat(Utf8.length(0x10000)).isEqualTo(4);
  }
}
