package dev.corral.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sits in front of the HTTP/1.1 decoder and makes it refuse two things Netty's decoder accepts
 * leniently: obs-fold (a header line that starts with a space or tab continues the previous field;
 * Netty joins them, so {@code Authorization: Bearer} CRLF SP {@code KEY} authenticated) and request
 * lines that are not exactly {@code METHOD SP target SP HTTP/1.x} (Netty splits on any run of white
 * space and takes {@code HTTP/2.0} at its word; Go's server answers 400 or 505 to both). RFC 9112
 * lets a server refuse both, issue 4 asks for it, and a reader that folds or re-splits differs from
 * the next one.
 *
 * <p>It does not answer itself: it overwrites the first byte of the offending line with NUL, which
 * the validating decoder always rejects, so the request takes the ordinary malformed-request path
 * (400, audit record, connection closed). To know where heads are it follows the framing as Netty
 * does (chunked when Transfer-Encoding names chunked, else Content-Length, else no body). On
 * anything it cannot follow it steps aside for the rest of the connection: the decoder then refuses
 * what it cannot parse and the connection closes. On a cleartext connection it also steps aside
 * after the whole 24-byte HTTP/2 preface (h2c prior knowledge, or after an upgrade), and only then:
 * a request line {@code PRI * HTTP/2.0} followed by anything else is refused like any other request
 * line that is not HTTP/1.x, so it cannot be used to switch the guard off.
 *
 * <p>It runs on every read of every HTTP/1.1 connection, so it passes on the buffer it was given
 * (the NUL written into it in place) and looks at few bytes: it finds line ends with {@link
 * ByteBuf#indexOf}, reads only the bytes a decision needs from header lines, and skips bodies by
 * counting. Only the start of a line that a read cuts off is copied: it is held back until its end
 * arrives, because the line may yet need its first byte overwritten.
 */
final class Http1HeadGuard extends ChannelInboundHandlerAdapter {
  private static final byte LF = '\n';
  private static final byte[] H2_PREFACE = ascii("PRI * HTTP/2.0\r\n");

  /** The lines of the HTTP/2 preface after its first (RFC 9113 section 3.4). */
  private static final byte[][] H2_PREFACE_REST = {ascii("\r\n"), ascii("SM\r\n"), ascii("\r\n")};

  private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding:");
  private static final byte[] CONTENT_LENGTH = ascii("content-length:");

  private enum State {
    REQUEST_LINE,
    HEADER,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILER,
    /** After {@code PRI * HTTP/2.0}: the rest of the HTTP/2 preface must follow, line by line. */
    PREFACE
  }

  /** The longest line checked, LF included; a longer one makes the guard step aside. */
  private final int lineLimit;

  /** Whether HTTP/2 may follow on this connection (cleartext: h2c); never over TLS. */
  private final boolean h2c;

  /** How many lines of {@link #H2_PREFACE_REST} have been seen. */
  private int prefaceLines;

  private State state = State.REQUEST_LINE;

  /**
   * The start of a line that an earlier read cut off ({@code lineLength} bytes), and otherwise
   * scratch space for a request line that is not in a heap array.
   */
  private byte[] line = new byte[256];

  private int lineLength;
  private long remaining;
  private boolean chunked;
  private long contentLength;
  private boolean stepAside;

  /**
   * @param maxLine the longest line worth checking; the decoder refuses longer ones itself
   * @param h2c whether an HTTP/2 preface may follow (cleartext connections)
   */
  Http1HeadGuard(int maxLine, boolean h2c) {
    // Never less than the line buffer's first size: the byte-at-a-time guard checked that much.
    this.lineLimit = Math.max(256, maxLine + 2);
    this.h2c = h2c;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (stepAside || !(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf begun = null; // the cut-off line's start, which goes before this read's bytes
    try {
      int i = in.readerIndex();
      int end = in.writerIndex();
      if (lineLength > 0) {
        int held = lineLength;
        int lf = lineEnd(in, i, end, lineLimit - held);
        if (lf < 0 && end - i <= lineLimit - held) {
          append(in, i, end); // still no end of line: keep holding it all
          in.release();
          return;
        }
        if (lf < 0) {
          stepAside = true; // too long to check
        } else {
          append(in, i, lf + 1);
          if (onLine(Unpooled.wrappedBuffer(line, 0, lineLength), 0, lineLength)) {
            line[0] = 0;
          }
          i = lf + 1;
        }
        begun = Unpooled.wrappedBuffer(Arrays.copyOf(line, held));
        lineLength = 0;
      }
      int keep = end; // from here on the bytes are held back for the next read
      while (i < end && !stepAside) {
        if (state == State.BODY || state == State.CHUNK_DATA) {
          int n = (int) Math.min(remaining, end - i);
          i += n;
          remaining -= n;
          if (remaining == 0) {
            state = state == State.BODY ? State.REQUEST_LINE : State.CHUNK_END;
          }
          continue;
        }
        int lf = lineEnd(in, i, end, lineLimit);
        if (lf < 0) {
          if (end - i > lineLimit) {
            stepAside = true;
          } else {
            append(in, i, end);
            keep = i;
          }
          break;
        }
        if (onLine(in, i, lf + 1 - i)) {
          in = poison(ctx, in, i);
        }
        i = lf + 1;
      }
      in.writerIndex(keep);
    } catch (RuntimeException e) {
      in.release();
      throw e;
    }
    if (begun != null) {
      ctx.fireChannelRead(begun);
    }
    if (in.isReadable()) {
      ctx.fireChannelRead(in);
    } else {
      in.release();
    }
    // The bytes just passed on may have had the guard removed already (h2c prior knowledge).
    if (stepAside && !ctx.isRemoved()) {
      ctx.pipeline().remove(this);
    }
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    // Bytes of an unfinished line still belong to the decoder.
    if (lineLength > 0) {
      ByteBuf rest = Unpooled.wrappedBuffer(Arrays.copyOf(line, lineLength));
      lineLength = 0;
      ctx.fireChannelRead(rest);
    }
  }

  /** The index of the LF ending a line that starts at {@code from}, or -1 within {@code room}. */
  private static int lineEnd(ByteBuf in, int from, int end, int room) {
    return in.indexOf(from, (int) Math.min(end, (long) from + room), LF);
  }

  /** Adds {@code in}'s bytes from {@code from} to {@code to} to the held line. */
  private void append(ByteBuf in, int from, int to) {
    int n = to - from;
    ensureLine(lineLength + n);
    in.getBytes(from, line, lineLength, n);
    lineLength += n;
  }

  private void ensureLine(int n) {
    if (n > line.length) {
      line = Arrays.copyOf(line, Math.max(n, Math.min(lineLimit, line.length * 2)));
    }
  }

  /**
   * Overwrites the byte at {@code index} with NUL: in place, which is the common case (the socket
   * read's own buffer), or in a copy when the buffer is read-only.
   */
  private static ByteBuf poison(ChannelHandlerContext ctx, ByteBuf in, int index) {
    ByteBuf out = in;
    if (in.isReadOnly()) {
      // The same indices in the copy, so the scan goes on where it was.
      out = ctx.alloc().buffer(in.writerIndex());
      out.writeBytes(in, 0, in.writerIndex()).readerIndex(in.readerIndex());
      in.release();
    }
    out.setByte(index, 0);
    return out;
  }

  /**
   * Follows one line of {@code n} bytes at {@code s}, LF included.
   *
   * @return whether the line's first byte must be overwritten with NUL
   */
  private boolean onLine(ByteBuf b, int s, int n) {
    byte first = b.getByte(s);
    boolean empty = n == 2 && first == '\r' || n == 1;
    switch (state) {
      case REQUEST_LINE -> {
        if (empty) {
          return false; // empty lines before a request line are allowed (RFC 9112 section 2.2)
        }
        byte[] a;
        int off;
        if (b.hasArray()) {
          a = b.array();
          off = b.arrayOffset() + s;
        } else {
          ensureLine(n); // free: a held line was finished before any line of the read
          b.getBytes(s, line, 0, n);
          a = line;
          off = 0;
        }
        if (h2c && n == H2_PREFACE.length && startsWith(a, off, n, H2_PREFACE)) {
          state = State.PREFACE;
          prefaceLines = 0;
          return false;
        }
        chunked = false;
        contentLength = 0;
        state = State.HEADER;
        return !cleanRequestLine(a, off, n);
      }
      case HEADER -> {
        if (empty) {
          if (chunked) {
            state = State.CHUNK_SIZE;
          } else if (contentLength > 0) {
            remaining = contentLength;
            state = State.BODY;
          } else {
            state = State.REQUEST_LINE;
          }
          return false;
        }
        if (first == ' ' || first == '\t') {
          return true; // obs-fold
        }
        field(b, s, n, first);
        return false;
      }
      case PREFACE -> {
        byte[] expected = H2_PREFACE_REST[prefaceLines];
        if (n != expected.length || !startsWith(b, s, expected)) {
          // Not HTTP/2 after all: the decoder gets a broken header line and refuses the request.
          stepAside = true;
          return true;
        }
        if (++prefaceLines == H2_PREFACE_REST.length) {
          stepAside = true; // HTTP/2 frames follow; the h2c handler has taken over
        }
        return false;
      }
      case CHUNK_SIZE -> {
        long size = chunkSize(b, s, n);
        if (size < 0) {
          // Not a size Netty and Go agree on: the decoder refuses the broken line.
          stepAside = true;
          return true;
        } else if (size == 0) {
          state = State.TRAILER;
        } else {
          remaining = size;
          state = State.CHUNK_DATA;
        }
        return false;
      }
      case CHUNK_END -> {
        if (empty) {
          state = State.CHUNK_SIZE;
        } else {
          stepAside = true;
        }
        return false;
      }
      case TRAILER -> {
        if (empty) {
          state = State.REQUEST_LINE;
        }
        return false;
      }
      default -> {
        stepAside = true;
        return false;
      }
    }
  }

  /**
   * Reads Content-Length and Transfer-Encoding as Netty's decoder will: a field counts when the
   * bytes before its first colon are the name in any case.
   */
  private void field(ByteBuf b, int s, int n, byte first) {
    int f = first | 0x20;
    if (f == 't' && n > TRANSFER_ENCODING.length && nameIs(b, s, TRANSFER_ENCODING)) {
      int v = s + TRANSFER_ENCODING.length;
      String value = b.toString(v, s + n - v, StandardCharsets.ISO_8859_1);
      for (String coding : value.split(",", -1)) {
        chunked |= coding.strip().equalsIgnoreCase("chunked");
      }
    } else if (f == 'c' && !chunked && n > CONTENT_LENGTH.length && nameIs(b, s, CONTENT_LENGTH)) {
      contentLength(b, s + CONTENT_LENGTH.length, s + n);
    }
  }

  /** Whether the bytes at {@code s} are {@code name} (lower case ASCII) in any case. */
  private static boolean nameIs(ByteBuf b, int s, byte[] name) {
    for (int k = 0; k < name.length; k++) {
      byte c = b.getByte(s + k);
      byte e = name[k];
      if (e >= 'a' && e <= 'z' ? (c | 0x20) != e : c != e) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value as {@code Long.parseLong(value.strip())}: plain digits between blanks directly, and
   * anything else (signs, other white space, too many digits) through exactly that call.
   */
  private void contentLength(ByteBuf b, int from, int to) {
    int a = from;
    int z = to;
    while (a < z && (b.getByte(a) == ' ' || b.getByte(a) == '\t')) {
      a++;
    }
    while (z > a && blankOrEol(b.getByte(z - 1))) {
      z--;
    }
    if (z > a && z - a <= 18) {
      long value = 0;
      int k = a;
      for (; k < z; k++) {
        byte c = b.getByte(k);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
      }
      if (k == z) {
        contentLength = value;
        return;
      }
    }
    try {
      contentLength =
          Long.parseLong(b.toString(from, to - from, StandardCharsets.ISO_8859_1).strip());
    } catch (NumberFormatException e) {
      stepAside = true; // the decoder refuses it and the connection closes
    }
  }

  private static boolean blankOrEol(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /** {@code token SP target SP HTTP/1.d CRLF}, nothing else: {@code n} bytes at {@code off}. */
  private static boolean cleanRequestLine(byte[] l, int off, int n) {
    if (n < 2 || l[off + n - 2] != '\r') {
      return false;
    }
    int end = off + n - 2;
    int firstSpace = -1;
    for (int i = off; i < end; i++) {
      if (l[i] == ' ') {
        firstSpace = i;
        break;
      }
    }
    if (firstSpace <= off) {
      return false;
    }
    for (int i = off; i < firstSpace; i++) {
      if (!tchar(l[i])) {
        return false;
      }
    }
    int secondSpace = -1;
    for (int i = firstSpace + 1; i < end; i++) {
      int c = l[i] & 0xff;
      if (c == ' ') {
        if (secondSpace >= 0) {
          return false;
        }
        secondSpace = i;
      } else if (c < 0x21 || c == 0x7f) {
        return false;
      }
    }
    if (secondSpace < 0 || secondSpace == firstSpace + 1 || end - secondSpace != 9) {
      return false;
    }
    int v = secondSpace + 1;
    return l[v] == 'H'
        && l[v + 1] == 'T'
        && l[v + 2] == 'T'
        && l[v + 3] == 'P'
        && l[v + 4] == '/'
        && l[v + 5] == '1'
        && l[v + 6] == '.'
        && l[v + 7] >= '0'
        && l[v + 7] <= '9';
  }

  private static boolean tchar(byte b) {
    int c = b & 0xff;
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * The chunk size before any extension, or -1 when it is not hex or has more than 15 significant
   * digits (leading zeros are not counted: Netty reads {@code 000...031} as 0x31).
   */
  private static long chunkSize(ByteBuf b, int s, int n) {
    long size = 0;
    int digits = 0;
    int significant = 0;
    for (int k = s; k < s + n; k++) {
      int d = Character.digit(b.getByte(k) & 0xff, 16);
      if (d < 0) {
        break;
      }
      digits++;
      if ((size > 0 || d > 0) && ++significant > 15) {
        return -1;
      }
      size = size * 16 + d;
    }
    return digits == 0 ? -1 : size;
  }

  private static boolean startsWith(ByteBuf b, int s, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (b.getByte(s + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] l, int off, int n, byte[] prefix) {
    if (n < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (l[off + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
