package dev.corral.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
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
 * does (chunked when Transfer-Encoding names chunked, else Content-Length, else no body); body
 * bytes pass through untouched as slices. On anything it cannot follow, or an HTTP/2 preface (h2c
 * prior knowledge or after an upgrade), it steps aside for the rest of the connection: the decoder
 * then refuses what it cannot parse and the connection closes.
 */
final class Http1HeadGuard extends ChannelInboundHandlerAdapter {
  private static final byte[] H2_PREFACE = "PRI * HTTP/2.0".getBytes(StandardCharsets.US_ASCII);

  private enum State {
    REQUEST_LINE,
    HEADER,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILER
  }

  private final int maxLine;
  private State state = State.REQUEST_LINE;
  private byte[] line = new byte[256];
  private int lineLength;
  private long remaining;
  private boolean chunked;
  private long contentLength;
  private boolean stepAside;

  /**
   * @param maxLine the longest line worth checking; the decoder refuses longer ones itself
   */
  Http1HeadGuard(int maxLine) {
    this.maxLine = maxLine + 2;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (stepAside || !(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    CompositeByteBuf out = ctx.alloc().compositeBuffer();
    try {
      int i = in.readerIndex();
      int end = in.writerIndex();
      while (i < end && !stepAside) {
        if (state == State.BODY || state == State.CHUNK_DATA) {
          int n = (int) Math.min(remaining, end - i);
          out.addComponent(true, in.retainedSlice(i, n));
          i += n;
          remaining -= n;
          if (remaining == 0) {
            state = state == State.BODY ? State.REQUEST_LINE : State.CHUNK_END;
          }
          continue;
        }
        byte b = in.getByte(i++);
        if (lineLength == line.length) {
          if (lineLength >= maxLine) {
            stepAside = true;
            out.addComponent(true, Unpooled.wrappedBuffer(line, 0, lineLength));
            lineLength = 0;
            i--;
            break;
          }
          line = Arrays.copyOf(line, Math.min(maxLine, line.length * 2));
        }
        line[lineLength++] = b;
        if (b == '\n') {
          byte[] complete = Arrays.copyOf(line, lineLength);
          lineLength = 0;
          onLine(complete);
          out.addComponent(true, Unpooled.wrappedBuffer(complete));
        }
      }
      if (stepAside && i < end) {
        out.addComponent(true, in.retainedSlice(i, end - i));
      }
    } finally {
      in.release();
    }
    if (out.isReadable()) {
      ctx.fireChannelRead(out);
    } else {
      out.release();
    }
    if (stepAside) {
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

  private void onLine(byte[] l) {
    int n = l.length;
    boolean empty = n == 2 && l[0] == '\r' || n == 1;
    switch (state) {
      case REQUEST_LINE -> {
        if (empty) {
          return; // empty lines before a request line are allowed (RFC 9112 section 2.2)
        }
        if (startsWith(l, H2_PREFACE)) {
          stepAside = true;
          return;
        }
        if (!cleanRequestLine(l)) {
          l[0] = 0;
        }
        chunked = false;
        contentLength = 0;
        state = State.HEADER;
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
          return;
        }
        if (l[0] == ' ' || l[0] == '\t') {
          l[0] = 0; // obs-fold
          return;
        }
        field(l);
      }
      case CHUNK_SIZE -> {
        long size = chunkSize(l);
        if (size < 0) {
          stepAside = true;
        } else if (size == 0) {
          state = State.TRAILER;
        } else {
          remaining = size;
          state = State.CHUNK_DATA;
        }
      }
      case CHUNK_END -> {
        if (empty) {
          state = State.CHUNK_SIZE;
        } else {
          stepAside = true;
        }
      }
      case TRAILER -> {
        if (empty) {
          state = State.REQUEST_LINE;
        }
      }
      default -> stepAside = true;
    }
  }

  /** Reads Content-Length and Transfer-Encoding as Netty's decoder will. */
  private void field(byte[] l) {
    int colon = indexOf(l, (byte) ':');
    if (colon < 0) {
      return;
    }
    String name = new String(l, 0, colon, StandardCharsets.ISO_8859_1);
    String value = new String(l, colon + 1, l.length - colon - 1, StandardCharsets.ISO_8859_1);
    if (name.equalsIgnoreCase("transfer-encoding")) {
      for (String coding : value.split(",", -1)) {
        chunked |= coding.strip().equalsIgnoreCase("chunked");
      }
    } else if (name.equalsIgnoreCase("content-length") && !chunked) {
      try {
        contentLength = Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        stepAside = true; // the decoder refuses it and the connection closes
      }
    }
  }

  /** {@code token SP target SP HTTP/1.d CRLF}, nothing else. */
  private static boolean cleanRequestLine(byte[] l) {
    int n = l.length;
    if (n < 2 || l[n - 2] != '\r') {
      return false;
    }
    int end = n - 2;
    int firstSpace = indexOf(l, (byte) ' ');
    if (firstSpace <= 0) {
      return false;
    }
    for (int i = 0; i < firstSpace; i++) {
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

  /** The chunk size before any extension, or -1 when it is not hex. */
  private static long chunkSize(byte[] l) {
    long size = 0;
    int digits = 0;
    for (byte b : l) {
      int d = Character.digit(b & 0xff, 16);
      if (d < 0) {
        break;
      }
      if (++digits > 15) {
        return -1;
      }
      size = size * 16 + d;
    }
    return digits == 0 ? -1 : size;
  }

  private static boolean startsWith(byte[] l, byte[] prefix) {
    if (l.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (l[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] l, byte b) {
    for (int i = 0; i < l.length; i++) {
      if (l[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
