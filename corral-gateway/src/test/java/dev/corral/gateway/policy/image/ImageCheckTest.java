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

  @Test
  void oneRequestsImagesShareADecodingBudget() {
    // 400 highly compressed 64-megapixel images would hold a thread for minutes: the total is
    // capped per request, and so is the count. Headers are enough to show it (WebP is not decoded).
    byte[] big = webp(8_000, 8_000);
    assertThatCode(() -> check.check(big, "images")).doesNotThrowAnyException();
    assertThatCode(() -> check.check(big, "images")).doesNotThrowAnyException();
    assertThatThrownBy(() -> check.check(big, "images")).hasMessageContaining("megapixels");

    ImageCheck many = new ImageCheck();
    byte[] small = webp(16, 16);
    for (int i = 0; i < ImageCheck.MAX_REQUEST_IMAGES; i++) {
      assertThatCode(() -> many.check(small, "images")).doesNotThrowAnyException();
    }
    assertThatThrownBy(() -> many.check(small, "images")).hasMessageContaining("images in one");
    // The next request starts with a whole budget.
    assertThatCode(() -> new ImageCheck().check(big, "images")).doesNotThrowAnyException();
  }

  /** A grey progressive JPEG of the given size holding {@code scans} empty scans. */
  static byte[] scanBomb(int width, int height, int scans) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
    // SOF2 (progressive): precision 8, height, width, one component with id 1, sampling 1x1.
    out.writeBytes(
        new byte[] {
          (byte) 0xFF,
          (byte) 0xC2,
          0,
          11,
          8,
          (byte) (height >> 8),
          (byte) height,
          (byte) (width >> 8),
          (byte) width,
          1,
          1,
          0x11,
          0
        });
    for (int i = 0; i < scans; i++) {
      // SOS for component 1, then two bytes of entropy-coded data, one of them a stuffed FF.
      out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 1, 1, 0});
      out.writeBytes(new byte[] {(byte) 0xFF, 0x00, 0x12});
    }
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
    return out.toByteArray();
  }

  @Test
  void jpegsWithTooManyScansAreRefusedBeforeDecoding() {
    // 64 megapixels in a few kilobytes: every scan makes a decoder walk a million blocks.
    assertThat(ImageHeader.jpegScans(scanBomb(16_384, 3_906, 300), 1_000)).isEqualTo(300);
    assertThat(ImageHeader.jpegScans(scanBomb(16_384, 3_906, 300), 64)).isEqualTo(65);
    assertThatThrownBy(() -> check.check(scanBomb(16_384, 3_906, 300), "images"))
        .hasMessageContaining("JPEG scans");
  }

  @Test
  void realProgressiveJpegsPassAndTheirScansAreCounted() throws IOException {
    BufferedImage image = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 200; x++) {
      image.setRGB(x, x % 150, 0x3366cc);
    }
    javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
    param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    byte[] progressive = out.toByteArray();
    assertThat(ImageHeader.jpegScans(progressive, 64)).isBetween(2, 20);
    assertThat(ImageHeader.jpegScans(encode("jpeg", 64, 48), 64)).isEqualTo(1);
    assertThatCode(() -> check.check(progressive, "images")).doesNotThrowAnyException();
  }

  @Test
  void decodingWorkIsBudgetedPerRequest() {
    // 64 megapixels times 15 scans is 960 million: one such image fits, a second does not.
    byte[] heavy = scanBomb(16_384, 3_906, 15);
    ImageCheck budget = new ImageCheck();
    long work = 15L * 16_384 * 3_906;
    assertThat(work).isGreaterThan(ImageCheck.MAX_REQUEST_WORK / 2);
    // The first is refused only by its decoder (its scans are empty), not by the budget.
    assertThatThrownBy(() -> budget.check(heavy, "images")).hasMessageNotContaining("too long");
    assertThatThrownBy(() -> budget.check(heavy, "images")).hasMessageContaining("too long");
  }

  private static byte[] corrupt(byte[] png) {
    byte[] copy = png.clone();
    for (int i = 41; i < copy.length - 12; i++) {
      copy[i] = (byte) 0xA5; // scramble the IDAT stream
    }
    return copy;
  }

  /** A grey PNG of the given size whose pixel data compresses to almost nothing. */
  static byte[] hugeFlatPng(int width, int height) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] row = new byte[1 + width]; // filter byte + 8-bit grey pixels
    for (int y = 0; y < height; y++) {
      raw.write(row);
    }
    java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
    deflater.setInput(raw.toByteArray());
    deflater.finish();
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    byte[] buffer = new byte[65536];
    while (!deflater.finished()) {
      idat.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0);
    ihdr.put((byte) 0);
    chunk(png, "IHDR", ihdr.array());
    chunk(png, "IDAT", idat.toByteArray());
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(8);
    header.putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeBytes(header.array());
    out.writeBytes(data);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    crc.update(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void largeImagesDecodeSubsampledInBoundedMemory() throws IOException {
    byte[] png = hugeFlatPng(8000, 7000); // 56 megapixels in a few kilobytes
    assertThat(png.length).isLessThan(200_000);
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    long before = threads.getThreadAllocatedBytes(id);
    assertThatCode(() -> check.check(png, "images")).doesNotThrowAnyException();
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    // A full raster would be 56 MB (grey) or 224 MB (RGB); the subsampled one is about 1 MB.
    assertThat(allocated).isLessThan(48L << 20);
    byte[] tooBig = hugeFlatPng(9000, 8000); // 72 megapixels
    assertThatThrownBy(() -> check.check(tooBig, "images")).hasMessageContaining("too large");
  }

  @Test
  void fourChannelJpegsDecodeAsRasters() throws IOException {
    java.awt.image.WritableRaster raster =
        java.awt.image.Raster.createInterleavedRaster(
            java.awt.image.DataBuffer.TYPE_BYTE, 32, 24, 4, null);
    javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new javax.imageio.IIOImage(raster, null, null), null);
    } finally {
      writer.dispose();
    }
    byte[] cmyk = out.toByteArray();
    // Older JDKs cannot make a BufferedImage of it (the check then reads a raster): it passes.
    assertThatCode(() -> check.check(cmyk, "images")).doesNotThrowAnyException();
    assertThatThrownBy(() -> check.check(Arrays.copyOf(cmyk, cmyk.length / 3), "images"))
        .isInstanceOf(ImageCheck.BadImageException.class);
  }
}
