package dev.corral.gateway.policy.image;

import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoObject;
import dev.corral.core.vuln.GatewayRule;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Virtual patch {@code chat-image-validation}: every image a request hands to a vision model must
 * be a real PNG, JPEG, GIF or WebP of sane dimensions, and all of a request's images together stay
 * within a decoding budget. One instance judges one request. Ollama 0.11.5 to 0.13.5 crashed its
 * runner on images that did not decode (CVE-2025-15514).
 *
 * <p>PNG, JPEG and GIF are decoded in full with {@code javax.imageio}, subsampled so the decoded
 * raster stays under about a million pixels whatever the declared size: the whole stream is read
 * and checked, little memory is used. The JDK has no WebP decoder, so WebP is checked by its
 * container and frame headers only.
 */
public final class ImageCheck {

  /** Larger than any vision model's input; decoders allocate by these numbers. */
  static final int MAX_SIDE = 16_384;

  /** 64 megapixels: above any phone camera; decoding time grows with it. */
  static final long MAX_PIXELS = 64_000_000L;

  private static final long DECODED_PIXELS = 1 << 20;

  /**
   * Pixels of all the images of one request together. Decoding reads every byte of every image (an
   * 8000 x 8000 PNG compresses to 62 KB and takes a third of a second to inflate), so without a
   * total one request of 400 such images holds a thread for two minutes.
   */
  static final long MAX_REQUEST_PIXELS = 128_000_000L;

  /** Images in one request: each costs a decoder whatever its size. */
  static final int MAX_REQUEST_IMAGES = 256;

  /**
   * Scans in one JPEG. Encoders write one for a baseline image and about ten for a progressive one;
   * each scan makes the decoder walk every block of the image again.
   */
  static final int MAX_JPEG_SCANS = 64;

  /**
   * Pixels times scans over one request's images: the decoding work, about 1.6 seconds of CPU. Two
   * 12-megapixel progressive photos of ten scans each are 240 million.
   */
  static final long MAX_REQUEST_WORK = 1_000_000_000L;

  private long pixelsLeft = MAX_REQUEST_PIXELS;
  private long workLeft = MAX_REQUEST_WORK;
  private int imagesLeft = MAX_REQUEST_IMAGES;

  /** A refused image: the rule id is {@link GatewayRule#CHAT_IMAGE_VALIDATION}. */
  public static final class BadImageException extends Exception {
    private static final long serialVersionUID = 1L;

    BadImageException(String message) {
      super(message, null, false, false);
    }
  }

  /** Ollama's {@code images: [base64, ...]} (generate, chat messages); absent or null is fine. */
  public void checkBase64List(Optional<Object> value, String field) throws BadImageException {
    if (value.isEmpty() || value.get() == GoJsonReader.NULL) {
      return;
    }
    if (!(value.get() instanceof List<?> list)) {
      throw new BadImageException(field + " must be an array of base64 strings");
    }
    for (Object item : list) {
      if (!(item instanceof String text)) {
        throw new BadImageException(field + " must be an array of base64 strings");
      }
      check(decodeBase64(text, field), field);
    }
  }

  /** OpenAI chat {@code image_url}: a string or {@code {"url": ...}}, which must be a data URL. */
  public void checkOpenAiImageUrl(Optional<Object> value) throws BadImageException {
    if (value.isEmpty() || value.get() == GoJsonReader.NULL) {
      return;
    }
    Object url = value.get();
    if (url instanceof GoObject object) {
      url = object.field("url").orElse(null);
    }
    if (!(url instanceof String text)) {
      throw new BadImageException("image_url must carry a url");
    }
    checkDataUrl(text, "image_url");
  }

  /** {@code /v1/responses} input: items whose content parts may be {@code input_image}. */
  public void checkResponsesInput(Optional<Object> value) throws BadImageException {
    if (value.isEmpty() || !(value.get() instanceof List<?> items)) {
      return;
    }
    for (Object item : items) {
      if (!(item instanceof GoObject object)) {
        continue;
      }
      checkResponsesPart(object);
      // Message content, and a function_call_output's output given as content items (Ollama
      // 0.20.4 and later decode its input_image parts into the model's images too).
      for (String field : List.of("content", "output")) {
        if (object.field(field).orElse(null) instanceof List<?> parts) {
          for (Object part : parts) {
            if (part instanceof GoObject p) {
              checkResponsesPart(p);
            }
          }
        }
      }
    }
  }

  private void checkResponsesPart(GoObject part) throws BadImageException {
    Optional<Object> url = part.field("image_url");
    if (url.isPresent() && url.get() != GoJsonReader.NULL) {
      if (!(url.get() instanceof String text)) {
        throw new BadImageException("image_url must be a string");
      }
      checkDataUrl(text, "image_url");
    }
  }

  /** Anthropic content blocks: {@code {"type":"image","source":{"type":"base64","data":...}}}. */
  public void checkAnthropicBlocks(List<?> blocks) throws BadImageException {
    for (Object block : blocks) {
      if (!(block instanceof GoObject b)) {
        continue;
      }
      if (b.field("content").orElse(null) instanceof List<?> nested) {
        checkAnthropicBlocks(nested); // tool results carry blocks of their own
      }
      if (!"image".equals(b.string("type"))) {
        continue;
      }
      GoObject source =
          b.object("source").orElseThrow(() -> new BadImageException("image without a source"));
      if (!"base64".equals(source.string("type"))) {
        throw new BadImageException("only base64 image sources are accepted");
      }
      check(decodeBase64(source.string("data"), "source.data"), "source.data");
    }
  }

  /**
   * {@code data:image/<type>;base64,...} or Ollama's bare {@code data:;base64,...}; remote URLs are
   * refused (Ollama refuses them too, and a gateway must never make a server fetch one).
   */
  private void checkDataUrl(String url, String field) throws BadImageException {
    int comma = url.indexOf(',');
    String prefix = comma < 0 ? "" : url.substring(0, comma).toLowerCase(java.util.Locale.ROOT);
    boolean dataUrl =
        prefix.equals("data:;base64")
            || (prefix.startsWith("data:image/") && prefix.endsWith(";base64"));
    if (!dataUrl) {
      throw new BadImageException(field + " must be a base64 data: URL of an image");
    }
    check(decodeBase64(url.substring(comma + 1), field), field);
  }

  private static byte[] decodeBase64(String text, String field) throws BadImageException {
    // Go's base64 decoder skips CR and LF; anything else outside the alphabet is an error.
    String compact =
        text.indexOf('\n') < 0 && text.indexOf('\r') < 0
            ? text
            : text.replace("\r", "").replace("\n", "");
    try {
      return Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      throw new BadImageException(field + ": not valid base64");
    }
  }

  /** Refuses unless {@code bytes} is a whole, decodable image of sane size. */
  public void check(byte[] bytes, String field) throws BadImageException {
    ImageHeader header = ImageHeader.read(bytes);
    if (header == null) {
      throw new BadImageException(field + ": not a PNG, JPEG, GIF or WebP image");
    }
    long pixels = (long) header.width() * header.height();
    if (header.width() > MAX_SIDE || header.height() > MAX_SIDE || pixels > MAX_PIXELS) {
      throw new BadImageException(field + ": image dimensions too large");
    }
    if (--imagesLeft < 0) {
      throw new BadImageException("more than " + MAX_REQUEST_IMAGES + " images in one request");
    }
    pixelsLeft -= pixels;
    if (pixelsLeft < 0) {
      throw new BadImageException(
          "the images of one request may hold " + MAX_REQUEST_PIXELS / 1_000_000 + " megapixels");
    }
    int scans = 1;
    if (header.format().equals("jpeg")) {
      scans = Math.max(1, ImageHeader.jpegScans(bytes, MAX_JPEG_SCANS));
      if (scans > MAX_JPEG_SCANS) {
        throw new BadImageException(field + ": more than " + MAX_JPEG_SCANS + " JPEG scans");
      }
    }
    workLeft -= pixels * scans;
    if (workLeft < 0) {
      throw new BadImageException("the images of one request take too long to decode");
    }
    if (!header.format().equals("webp")) {
      decode(bytes, header, field);
    }
  }

  /**
   * Decodes the whole stream. JPEGs in CMYK or YCCK (Adobe) have no {@link BufferedImage} type in
   * the JDK but decode fine as a raster, which still reads and checks every byte.
   */
  private static boolean decodes(ImageReader reader, ImageReadParam param) throws IOException {
    try {
      return reader.read(0, param) != null;
    } catch (javax.imageio.IIOException e) {
      if (!reader.canReadRaster()) {
        throw e;
      }
      return reader.readRaster(0, param) != null;
    }
  }

  private static void decode(byte[] bytes, ImageHeader header, String field)
      throws BadImageException {
    // A memory-cached stream: ImageIO's default may spill to a temporary file per image.
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(header.format());
      if (!readers.hasNext()) {
        throw new BadImageException(field + ": no decoder for " + header.format());
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        if (reader.getWidth(0) != header.width() || reader.getHeight(0) != header.height()) {
          throw new BadImageException(field + ": inconsistent image header");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        long pixels = (long) header.width() * header.height();
        int step = 1;
        while (pixels / ((long) step * step) > DECODED_PIXELS) {
          step++;
        }
        param.setSourceSubsampling(step, step, 0, 0);
        if (!decodes(reader, param)) {
          throw new BadImageException(field + ": image does not decode");
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO reports corrupt data with IIOException or, for some formats, runtime exceptions.
      throw new BadImageException(field + ": image does not decode");
    }
  }
}
