package dev.corral.gateway.policy.image;

/**
 * The format and dimensions read from the first bytes of an image, without decoding it. Null from
 * {@link #read} when the bytes are not a PNG, JPEG, GIF or WebP image with a readable header.
 *
 * @param format {@code png}, {@code jpeg}, {@code gif} or {@code webp}
 */
public record ImageHeader(String format, int width, int height) {

  public static ImageHeader read(byte[] b) {
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      // The first chunk must be IHDR (length 13): width and height are big-endian at 16 and 20.
      if (b.length < 33 || !startsWith(b, 8, 0, 0, 0, 13, 'I', 'H', 'D', 'R')) {
        return null;
      }
      return sized("png", be32(b, 16), be32(b, 20));
    }
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
      return jpeg(b);
    }
    if (startsWith(b, 0, 'G', 'I', 'F', '8')
        && b.length >= 13
        && (b[4] == '7' || b[4] == '9')
        && b[5] == 'a') {
      return sized("gif", le16(b, 6), le16(b, 8));
    }
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
      return webp(b);
    }
    return null;
  }

  /** Walks the JPEG markers up to the first start-of-frame, which holds the dimensions. */
  private static ImageHeader jpeg(byte[] b) {
    int i = 2;
    while (i + 4 <= b.length) {
      if ((b[i] & 0xff) != 0xFF) {
        return null;
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2;
        continue;
      }
      int length = be16(b, i + 2);
      if (length < 2) {
        return null;
      }
      boolean startOfFrame =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        if (i + 9 > b.length) {
          return null;
        }
        return sized("jpeg", be16(b, i + 7), be16(b, i + 5));
      }
      if (marker == 0xD9 || marker == 0xDA) {
        return null; // end of image or scan data before any frame header
      }
      i += 2 + length;
    }
    return null;
  }

  /**
   * How many scans (SOS segments) a JPEG holds, counting no further than {@code limit + 1}. A
   * progressive JPEG refines the whole image once per scan, and the decoder walks every block each
   * time: a 64-megapixel image with hundreds of empty 10-byte scans is a few kilobytes that take a
   * decoder minutes. Returns {@code limit + 1} when the markers cannot be followed.
   */
  static int jpegScans(byte[] b, int limit) {
    int scans = 0;
    int i = 2;
    while (i + 4 <= b.length) {
      if ((b[i] & 0xff) != 0xFF) {
        return limit + 1;
      }
      int marker = b[i + 1] & 0xff;
      if (marker == 0xFF) {
        i++;
        continue;
      }
      if (marker == 0xD9) {
        return scans; // end of image
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2;
        continue;
      }
      int length = be16(b, i + 2);
      if (length < 2) {
        return limit + 1;
      }
      i += 2 + length;
      if (marker == 0xDA) {
        if (++scans > limit) {
          return scans;
        }
        // Entropy-coded data runs to the next marker: an FF not followed by 00 (a stuffed FF) or
        // by a restart marker.
        while (i + 1 < b.length) {
          if ((b[i] & 0xff) == 0xFF) {
            int next = b[i + 1] & 0xff;
            if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7)) {
              break;
            }
            i += 2;
          } else {
            i++;
          }
        }
      }
    }
    return scans;
  }

  private static ImageHeader webp(byte[] b) {
    if (b.length < 30) {
      return null;
    }
    long riffSize = le32(b, 4);
    if (riffSize + 8 > b.length || riffSize < 4) {
      return null;
    }
    if (startsWith(b, 12, 'V', 'P', '8', ' ')) {
      // Lossy: a key frame starts with the start code 9d 01 2a, then 14-bit dimensions.
      if (!startsWith(b, 23, 0x9d, 0x01, 0x2a)) {
        return null;
      }
      return sized("webp", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
    }
    if (startsWith(b, 12, 'V', 'P', '8', 'L')) {
      if ((b[20] & 0xff) != 0x2f) {
        return null;
      }
      long bits = le32(b, 21);
      return sized("webp", (int) (bits & 0x3FFF) + 1, (int) ((bits >> 14) & 0x3FFF) + 1);
    }
    if (startsWith(b, 12, 'V', 'P', '8', 'X')) {
      return sized("webp", le24(b, 24) + 1, le24(b, 27) + 1);
    }
    return null;
  }

  private static ImageHeader sized(String format, long width, long height) {
    if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      return null;
    }
    return new ImageHeader(format, (int) width, (int) height);
  }

  private static boolean startsWith(byte[] b, int at, int... expected) {
    if (b.length < at + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((b[at + i] & 0xff) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static long be32(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24)
        | ((b[i + 1] & 0xff) << 16)
        | ((b[i + 2] & 0xff) << 8)
        | (b[i + 3] & 0xff);
  }

  private static int be16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  private static int le16(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8);
  }

  private static int le24(byte[] b, int i) {
    return (b[i] & 0xff) | ((b[i + 1] & 0xff) << 8) | ((b[i + 2] & 0xff) << 16);
  }

  private static long le32(byte[] b, int i) {
    return (b[i] & 0xff)
        | ((b[i + 1] & 0xff) << 8)
        | ((b[i + 2] & 0xff) << 16)
        | ((long) (b[i + 3] & 0xff) << 24);
  }
}
