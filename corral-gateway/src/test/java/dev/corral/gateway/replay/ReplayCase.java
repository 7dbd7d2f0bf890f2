package dev.corral.gateway.replay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request of the replay corpus and what must happen to it.
 *
 * <p>The bytes are written as text where every character U+0000 to U+00FF stands for one byte
 * (ISO-8859-1), so bare LF, NUL, obs-fold and invalid UTF-8 are exact. Placeholders: {@code ${KEY}}
 * is the case's credential, {@code ${KEY:name}} a named one, {@code ${LEN}} the number of bytes
 * after the first blank line (computed last), {@code ${BODY_SHA256}} the hex SHA-256 of those
 * bytes.
 *
 * @param file the corpus file, for messages
 * @param id unique across the corpus
 * @param key the credential {@code ${KEY}} stands for ({@code none} for no credential)
 * @param template the request text with placeholders
 * @param expect {@code blocked}, {@code allowed} or {@code partial}
 * @param status the expected status of the first answer, or 0 for "any of the expected class"; -1
 *     means no answer at all is expected (the connection is closed or held)
 * @param rule the rule the audit log must name for this connection, or null
 * @param upstream what the upstream must receive, as {@code METHOD target} lines; null means
 *     "derive from the request" for allowed cases
 * @param upstreamBody the body the upstream must receive (ISO-8859-1 text), or null to derive it
 * @param statuses the statuses of every answer in order (pipelined cases), or null
 * @param answerLacks text no answer body may contain (models a listing must have filtered out)
 * @param dribble send the bytes one TCP segment at a time, so every parser sees lines split
 * @param note why the case exists
 */
record ReplayCase(
    String file,
    String id,
    String key,
    String template,
    String expect,
    int status,
    String rule,
    List<String> upstream,
    String upstreamBody,
    List<Integer> statuses,
    List<String> answerLacks,
    boolean dribble,
    String note) {

  boolean blocked() {
    return "blocked".equals(expect);
  }

  boolean allowed() {
    return "allowed".equals(expect);
  }

  /** The bytes to send, with every placeholder replaced. */
  byte[] bytes(Map<String, String> keys) {
    String text = template;
    int at;
    while ((at = text.indexOf("${KEY")) >= 0) {
      int end = text.indexOf('}', at);
      String ref = text.substring(at + 2, end);
      String name = ref.equals("KEY") ? key : ref.substring(4);
      String value = keys.get(name);
      if (value == null) {
        throw new IllegalStateException(id + ": no credential named '" + name + "'");
      }
      text = text.substring(0, at) + value + text.substring(end + 1);
    }
    text = expandRepeats(text);
    int blank = text.indexOf("\r\n\r\n");
    String body = blank < 0 ? "" : text.substring(blank + 4);
    text = text.replace("${BODY_SHA256}", sha256(body.getBytes(StandardCharsets.ISO_8859_1)));
    blank = text.indexOf("\r\n\r\n");
    body = blank < 0 ? "" : text.substring(blank + 4);
    text = text.replace("${LEN}", Integer.toString(body.length()));
    return latin1(text);
  }

  /** {@code ${PAD:n}}: n letters {@code a}; {@code ${HEADERS:n}}: n short header lines. */
  private static String expandRepeats(String text) {
    for (String kind : new String[] {"PAD", "HEADERS"}) {
      int at;
      while ((at = text.indexOf("${" + kind + ":")) >= 0) {
        int end = text.indexOf('}', at);
        int n = Integer.parseInt(text.substring(at + kind.length() + 3, end));
        StringBuilder fill = new StringBuilder();
        for (int i = 0; i < n; i++) {
          if (kind.equals("PAD")) {
            fill.append('a');
          } else {
            fill.append("X-H").append(i).append(": v\r\n");
          }
        }
        text = text.substring(0, at) + fill + text.substring(end + 1);
      }
    }
    return text;
  }

  static byte[] latin1(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) {
        throw new IllegalArgumentException(
            "character U+"
                + Integer.toHexString(text.charAt(i))
                + " is not one byte: use \\x escapes");
      }
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The upstream requests ("METHOD target") an allowed case must produce. */
  List<String> expectedUpstream(byte[] request) {
    if (upstream != null) {
      return upstream;
    }
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int lineEnd = text.indexOf("\r\n");
    String[] parts = text.substring(0, lineEnd).split(" ");
    return List.of(parts[0] + " " + parts[1]);
  }

  /** The body an allowed case must deliver upstream: as framed by Content-Length or chunked. */
  byte[] expectedBody(byte[] request) {
    if (upstreamBody != null) {
      return latin1(upstreamBody);
    }
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int blank = text.indexOf("\r\n\r\n");
    String rest = text.substring(blank + 4);
    String length = null;
    boolean chunked = false;
    for (String line : text.substring(0, blank).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      if (name.equals("content-length")) {
        length = value;
      } else if (name.equals("transfer-encoding")) {
        chunked = value.equals("chunked");
      }
    }
    if (chunked) {
      return dechunk(rest);
    }
    if (length != null) {
      return latin1(rest.substring(0, Integer.parseInt(length)));
    }
    return new byte[0];
  }

  private static byte[] dechunk(String rest) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = rest.indexOf("\r\n", at);
      String sizeText = rest.substring(at, lineEnd);
      int semi = sizeText.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).strip(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      byte[] chunk = latin1(rest.substring(lineEnd + 2, lineEnd + 2 + size));
      out.write(chunk, 0, chunk.length);
      at = lineEnd + 2 + size + 2;
    }
  }

  /** Bytes made readable for a failure message: printable ASCII as is, the rest escaped. */
  static String show(byte[] bytes, int max) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < bytes.length && i < max; i++) {
      int b = bytes[i] & 0xff;
      switch (b) {
        case '\r' -> s.append("\\r");
        case '\n' -> s.append("\\n\n");
        case '\t' -> s.append("\\t");
        case '\\' -> s.append("\\\\");
        default -> {
          if (b < 0x20 || b > 0x7e) {
            s.append(String.format("\\x%02x", b));
          } else {
            s.append((char) b);
          }
        }
      }
    }
    if (bytes.length > max) {
      s.append("... (").append(bytes.length).append(" bytes)");
    }
    return s.toString();
  }
}
