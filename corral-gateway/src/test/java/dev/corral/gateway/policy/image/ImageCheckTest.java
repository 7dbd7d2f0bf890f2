package dev.corral.gateway.policy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageCheckTest {

  private final ImageCheck check = new ImageCheck();

  static byte[] encode(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) {
      image.setRGB(x, x % height, 0xff8800);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertThat(ImageIO.write(image, format, out)).isTrue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A minimal lossless WebP header (VP8L) of the given size. */
  static byte[] webp(int width, int height) {
    byte[] b = new byte[40];
    System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
    b[4] = 32; // RIFF size: the 40-byte file minus 8
    System.arraycopy("WEBPVP8L".getBytes(), 0, b, 8, 8);
    b[16] = 20; // chunk size
    b[20] = 0x2f;
    long bits = (width - 1) | ((long) (height - 1) << 14);
    for (int i = 0; i < 4; i++) {
      b[21 + i] = (byte) (bits >>> (8 * i));
    }
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"png", "jpeg", "gif"})
  void realImagesPass(String format) {
    byte[] bytes = encode(format, 64, 48);
    assertThat(ImageHeader.read(bytes)).isEqualTo(new ImageHeader(format, 64, 48));
    assertThatCode(() -> check.check(bytes, "images")).doesNotThrowAnyException();
  }

  @Test
  void webpIsCheckedByItsHeaders() {
    assertThat(ImageHeader.read(webp(300, 200))).isEqualTo(new ImageHeader("webp", 300, 200));
    assertThatCode(() -> check.check(webp(300, 200), "images")).doesNotThrowAnyException();
    byte[] truncated = Arrays.copyOf(webp(300, 200), 30);
    assertThatThrownBy(() -> check.check(truncated, "images"))
        .isInstanceOf(ImageCheck.BadImageException.class);
  }

  @Test
  void cve202515514JunkAndTruncatedImagesAreRefused() {
    byte[] png = encode("png", 64, 48);
    byte[] jpeg = encode("jpeg", 64, 48);
    byte[][] bad = {
      "not an image at all".getBytes(),
      new byte[0],
      Arrays.copyOf(png, 8), // signature only
      Arrays.copyOf(png, 40), // header, no image data
      Arrays.copyOf(jpeg, 3),
      corrupt(png),
      {'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0, 0, 0, 0}, // zero-sized GIF
    };
    for (byte[] bytes : bad) {
      assertThatThrownBy(() -> check.check(bytes, "images"))
          .isInstanceOf(ImageCheck.BadImageException.class);
    }
  }

  @Test
  void absurdDimensionsAreRefusedBeforeDecoding() {
    byte[] png = encode("png", 4, 4);
    // Rewrite the IHDR width to 100000 pixels (the CRC no longer matters: we refuse first).
    png[16] = 0;
    png[17] = 1;
    png[18] = (byte) 0x86;
    png[19] = (byte) 0xA0;
    assertThatThrownBy(() -> check.check(png, "images")).hasMessageContaining("too large");
    assertThatThrownBy(() -> check.check(webp(16_384, 16_384), "images"))
        .hasMessageContaining("too large");
  }

  private static byte[] corrupt(byte[] png) {
    byte[] copy = png.clone();
    for (int i = 41; i < copy.length - 12; i++) {
      copy[i] = (byte) 0xA5; // scramble the IDAT stream
    }
    return copy;
  }
}
