package dev.corral.core.gojson;

import dev.corral.core.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Reads the first JSON value of a body the way Go's {@code json.Decoder.Decode} does, including its
 * error messages ({@code EOF}, {@code unexpected EOF}, {@code invalid character 'x' looking for
 * beginning of value}, ...).
 *
 * <p>Values come back as {@link GoObject} (every key, in order), {@link List}, {@link String},
 * {@link GoNumber}, {@link Boolean} or {@link #NULL}. Like Go, the reader stops after the first
 * complete value: {@link Result#end()} tells where, so callers can see trailing data that Ollama
 * silently ignores.
 *
 * <p>The parser is iterative so hostile nesting cannot overflow the stack; Go's own limit of 10000
 * levels applies.
 */
public final class GoJsonReader {

  /** JSON {@code null}. */
  public static final JsonNull NULL = JsonNull.INSTANCE;

  static final int MAX_DEPTH = 10_000;

  /** The decoded value and the offset just after it. */
  public record Result(Object value, int end) {
    /** True when anything but white space follows the value (Go ignores it). */
    public boolean hasTrailingData(byte[] body) {
      for (int i = end; i < body.length; i++) {
        if (!isSpace(body[i])) {
          return true;
        }
      }
      return false;
    }
  }

  private final byte[] in;
  private int pos;

  private GoJsonReader(byte[] in) {
    this.in = in;
  }

  /** Decodes the first value of {@code body}; throws with Go's message when Go would fail. */
  public static Result read(byte[] body) throws GoJsonException {
    GoJsonReader reader = new GoJsonReader(body);
    Object value = reader.readValue();
    return new Result(value, reader.pos);
  }

  /** Convenience: the first value, which must be an object (Go's struct decoding). */
  public static Object readValue(byte[] body) throws GoJsonException {
    return read(body).value();
  }

  /** A container being filled while the parser descends. */
  private static final class Frame {
    final boolean object;
    final List<Map.Entry<String, Object>> entries = new ArrayList<>();
    final List<Object> items = new ArrayList<>();
    String key;

    Frame(boolean object) {
      this.object = object;
    }

    Object build() {
      // The lists are fresh and never escape elsewhere: hand them over read-only, uncopied.
      return object ? GoObject.adopt(entries) : Collections.unmodifiableList(items);
    }

    void add(Object value) {
      if (object) {
        entries.add(Map.entry(key, value));
      } else {
        items.add(value);
      }
    }
  }

  private Object readValue() throws GoJsonException {
    skipSpace();
    if (pos >= in.length) {
      throw new GoJsonException(GoJsonException.EOF);
    }
    Deque<Frame> stack = new ArrayDeque<>();
    while (true) {
      // Expecting the beginning of a value (or of an object key / closing bracket).
      Object value;
      skipSpace();
      int c = next();
      switch (c) {
        case '{' -> {
          pushFrame(stack, true);
          skipSpace();
          int k = next();
          if (k == '}') {
            value = stack.pop().build();
            break;
          }
          if (k != '"') {
            throw syntax(k, "looking for beginning of object key string");
          }
          stack.peek().key = readStringBody();
          expectColon();
          continue;
        }
        case '[' -> {
          pushFrame(stack, false);
          skipSpace();
          if (peek() == ']') {
            pos++;
            value = stack.pop().build();
            break;
          }
          if (pos >= in.length) {
            throw new GoJsonException(GoJsonException.UNEXPECTED_EOF);
          }
          continue;
        }
        case '"' -> value = readStringBody();
        case 't' -> value = literal("true", true);
        case 'f' -> value = literal("false", false);
        case 'n' -> value = literal("null", NULL);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            value = readNumber(c);
          } else {
            throw syntax(c, "looking for beginning of value");
          }
        }
      }
      // A complete value: attach it and close containers that end here.
      while (true) {
        if (stack.isEmpty()) {
          return value;
        }
        Frame frame = stack.peek();
        frame.add(value);
        skipSpace();
        int d = next();
        if (d == ',') {
          if (frame.object) {
            skipSpace();
            int k = next();
            if (k != '"') {
              throw syntax(k, "looking for beginning of object key string");
            }
            frame.key = readStringBody();
            expectColon();
          }
          break;
        }
        if ((frame.object && d == '}') || (!frame.object && d == ']')) {
          value = stack.pop().build();
          continue;
        }
        throw syntax(d, frame.object ? "after object key:value pair" : "after array element");
      }
    }
  }

  private void pushFrame(Deque<Frame> stack, boolean object) throws GoJsonException {
    if (stack.size() >= MAX_DEPTH) {
      throw new GoJsonException("exceeded max depth");
    }
    stack.push(new Frame(object));
  }

  private void expectColon() throws GoJsonException {
    skipSpace();
    int c = next();
    if (c != ':') {
      throw syntax(c, "after object key");
    }
  }

  private int next() throws GoJsonException {
    if (pos >= in.length) {
      throw new GoJsonException(GoJsonException.UNEXPECTED_EOF);
    }
    return in[pos++] & 0xff;
  }

  private int peek() {
    return pos < in.length ? in[pos] & 0xff : -1;
  }

  private void skipSpace() {
    while (pos < in.length && isSpace(in[pos])) {
      pos++;
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private Object literal(String word, Object value) throws GoJsonException {
    for (int i = 1; i < word.length(); i++) {
      int c = next();
      if (c != word.charAt(i)) {
        throw syntax(c, "in literal " + word + " (expecting '" + word.charAt(i) + "')");
      }
    }
    return value;
  }

  private GoNumber readNumber(int first) throws GoJsonException {
    int start = pos - 1;
    int c = first;
    if (c == '-') {
      c = next();
      if (c < '0' || c > '9') {
        throw syntax(c, "in numeric literal");
      }
    }
    if (c != '0') {
      while (isDigit(peek())) {
        pos++;
      }
    }
    if (peek() == '.') {
      pos++;
      c = next();
      if (!isDigit(c)) {
        throw syntax(c, "after decimal point in numeric literal");
      }
      while (isDigit(peek())) {
        pos++;
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      c = next();
      if (c == '+' || c == '-') {
        c = next();
      }
      if (!isDigit(c)) {
        throw syntax(c, "in exponent of numeric literal");
      }
      while (isDigit(peek())) {
        pos++;
      }
    }
    return new GoNumber(new String(in, start, pos - start, StandardCharsets.US_ASCII));
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Reads a string after its opening quote, decoding escapes and bad UTF-8 like Go. */
  private String readStringBody() throws GoJsonException {
    // Fast path: a run of printable ASCII up to the closing quote needs no decoding.
    int start = pos;
    while (pos < in.length) {
      int b = in[pos];
      if (b == '"') {
        String plain = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
        pos++;
        return plain;
      }
      if (b == '\\' || b < 0x20) {
        break; // escapes, control bytes and non-ASCII (negative bytes) take the slow path
      }
      pos++;
    }
    StringBuilder out = new StringBuilder(pos - start + 16);
    out.append(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
    while (true) {
      int c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        readEscape(out);
      } else if (c < 0x20) {
        throw syntax(c, "in string literal");
      } else if (c < 0x80) {
        out.append((char) c);
      } else {
        pos--;
        decodeUtf8(out);
      }
    }
  }

  private void readEscape(StringBuilder out) throws GoJsonException {
    int c = next();
    switch (c) {
      case '"' -> out.append('"');
      case '\\' -> out.append('\\');
      case '/' -> out.append('/');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'u' -> {
        int unit = readHex4();
        if (Character.isHighSurrogate((char) unit)
            && pos + 1 < in.length
            && in[pos] == '\\'
            && in[pos + 1] == 'u') {
          int save = pos;
          pos += 2;
          int low = readHex4();
          if (Character.isLowSurrogate((char) low)) {
            out.append((char) unit).append((char) low);
            return;
          }
          pos = save;
          out.append('\uFFFD');
          return;
        }
        out.append(Character.isSurrogate((char) unit) ? '\uFFFD' : (char) unit);
      }
      default -> throw syntax(c, "in string escape code");
    }
  }

  private int readHex4() throws GoJsonException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int c = next();
      int digit = Character.digit(c, 16);
      if (digit < 0) {
        throw syntax(c, "in \\u hexadecimal character escape");
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** One UTF-8 sequence; any invalid byte becomes U+FFFD and consumes one byte, as in Go. */
  private void decodeUtf8(StringBuilder out) {
    int cp = Utf8.decodeMultiByte(in, pos);
    if (cp < 0) {
      out.append('\uFFFD');
      pos++;
      return;
    }
    out.appendCodePoint(cp);
    pos += Utf8.length(cp);
  }

  private static GoJsonException syntax(int c, String context) {
    return new GoJsonException("invalid character " + quoteChar(c) + " " + context);
  }

  /** Go's {@code quoteChar}: the byte as a rune, quoted like strconv.Quote, in single quotes. */
  static String quoteChar(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    String inner =
        switch (c) {
          case 7 -> "\\a";
          case '\b' -> "\\b";
          case '\f' -> "\\f";
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\t' -> "\\t";
          case 11 -> "\\v";
          case '\\' -> "\\\\";
          default -> {
            if (c < 0x20 || c == 0x7f) {
              yield String.format("\\x%02x", c);
            }
            if ((c >= 0x80 && c <= 0xA0) || c == 0xAD) {
              yield String.format("\\u%04x", c);
            }
            yield String.valueOf((char) c);
          }
        };
    return "'" + inner + "'";
  }
}
