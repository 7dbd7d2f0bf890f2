package dev.corral.lab.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes a response head exactly as Go's {@code net/http} server would for the same handler
 * output: status line, the handler's headers sorted by key, then {@code Date}, {@code
 * Content-Length}, a sniffed {@code Content-Type}, {@code Connection} and {@code
 * Transfer-Encoding}.
 *
 * <p>Go buffers the first 2048 bytes of a body: a body that fits is sent with {@code
 * Content-Length}; a larger one written in one go (as gin's {@code c.JSON} does) goes out chunked,
 * and for HEAD then carries neither length nor encoding.
 */
public final class GoWire {
  /** {@code bufferBeforeChunkingSize} in net/http. */
  public static final int BUFFER_BEFORE_CHUNKING = 2048;

  private GoWire() {}

  /** How the body travels after the head. */
  public enum Framing {
    NONE,
    LENGTH,
    CHUNKED,
    UNTIL_CLOSE
  }

  /** The encoded head, how to frame the body, and whether to close afterwards. */
  @SuppressWarnings("ArrayRecordComponent") // encoded once, then only sent
  public record Head(byte[] bytes, Framing framing, boolean close) {}

  public static Head head(LabRequest request, LabResponse response, String date) {
    if (response.proxyServer() != null) {
      return NginxWire.head(request, response, date);
    }
    int status = response.status();
    boolean head = request.isHead();
    boolean http11 = request.atLeastHttp11();
    boolean close = request.wantsClose();
    GoHeaders headers = response.headers();
    boolean bodyAllowed = bodyAllowed(status);

    String contentLength = null;
    String contentType = null;
    String connection = null;
    String transferEncoding = null;
    Framing framing;

    if (response.isStreaming()) {
      framing =
          head || !bodyAllowed ? Framing.NONE : http11 ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
    } else {
      byte[] body = response.body() == null ? new byte[0] : response.body();
      if (!bodyAllowed) {
        framing = Framing.NONE;
      } else if (headers.has("Content-Length")) {
        framing = head ? Framing.NONE : Framing.LENGTH;
      } else if (body.length > BUFFER_BEFORE_CHUNKING) {
        framing = head ? Framing.NONE : http11 ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
      } else {
        if (!head || body.length > 0) {
          contentLength = Integer.toString(body.length);
        }
        framing = head ? Framing.NONE : Framing.LENGTH;
      }
      if (!headers.has("Content-Type") && bodyAllowed && body.length > 0) {
        contentType = sniff(body);
      }
    }
    if (framing == Framing.CHUNKED) {
      transferEncoding = "chunked";
    }
    if (framing == Framing.UNTIL_CLOSE) {
      close = true;
    }
    if (close) {
      if (http11) {
        connection = "close";
      }
    } else if (!http11 && (head || contentLength != null)) {
      connection = "keep-alive";
    } else if (!http11) {
      close = true;
    }

    StringBuilder out = new StringBuilder(256);
    out.append(http11 ? "HTTP/1.1 " : "HTTP/1.0 ")
        .append(status)
        .append(' ')
        .append(statusText(status))
        .append("\r\n");
    for (Map.Entry<String, List<String>> e : headers.entries().entrySet()) {
      if (!bodyAllowed && e.getKey().equals("Content-Length")) {
        continue;
      }
      for (String value : e.getValue()) {
        out.append(e.getKey()).append(": ").append(value).append("\r\n");
      }
    }
    if (!headers.has("Date")) {
      out.append("Date: ").append(date).append("\r\n");
    }
    appendIfSet(out, "Content-Length", contentLength);
    appendIfSet(out, "Content-Type", contentType);
    appendIfSet(out, "Connection", connection);
    appendIfSet(out, "Transfer-Encoding", transferEncoding);
    out.append("\r\n");
    return new Head(out.toString().getBytes(StandardCharsets.ISO_8859_1), framing, close);
  }

  private static void appendIfSet(StringBuilder out, String key, String value) {
    if (value != null) {
      out.append(key).append(": ").append(value).append("\r\n");
    }
  }

  static boolean bodyAllowed(int status) {
    return !(status >= 100 && status <= 199) && status != 204 && status != 304;
  }

  /** Enough of {@code http.DetectContentType} for the bodies Ollama writes without a type. */
  static String sniff(byte[] body) {
    String start = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1);
    String trimmed = start.stripLeading().toLowerCase(java.util.Locale.ROOT);
    if (trimmed.startsWith("<!doctype html") || trimmed.startsWith("<html")) {
      return "text/html; charset=utf-8";
    }
    for (byte b : body) {
      if ((b >= 0 && b < 0x09) || b == 0x0b || (b > 0x0d && b < 0x1b) || (b > 0x1b && b < 0x20)) {
        return "application/octet-stream";
      }
    }
    return "text/plain; charset=utf-8";
  }

  /** Go's {@code http.StatusText}; unknown codes read "status code N" on the status line. */
  public static String statusText(int status) {
    return switch (status) {
      case 100 -> "Continue";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 206 -> "Partial Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "status code " + status;
    };
  }

  /**
   * What Go writes, and then closes, when it cannot parse a request at all. Go appends the reason
   * of a "bad request" to the status line itself, e.g. {@code 400 Bad Request: missing required
   * Host header}.
   */
  public static byte[] malformedRequest(int status, String detail) {
    String text = status + " " + statusText(status) + (detail == null ? "" : ": " + detail);
    return ("HTTP/1.1 "
            + text
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"
            + text)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** One chunk of a chunked body: size in lower-case hex, data, CRLF. */
  public static byte[] chunkHeader(int size) {
    return (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The end of a chunk's data. */
  public static byte[] crlf() {
    return new byte[] {'\r', '\n'};
  }

  /** The zero-length chunk that ends a chunked body (Ollama sends no trailers). */
  public static byte[] lastChunk() {
    return "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  }
}
