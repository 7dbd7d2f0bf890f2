package dev.corral.core.gojson;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON byte for byte as Go's {@code json.Marshal} does: keys in the order given (struct
 * field order; pass a sorted map for Go maps such as {@code gin.H}), {@code <}, {@code >} and
 * {@code &} escaped as {@code \\u003c}..., U+2028/2029 escaped, lower-case hex, no trailing
 * newline, and floats in Go's shortest form ({@code 1e-7}, {@code 0.25}, {@code 1e+21}).
 *
 * <p>Accepted values: {@link Map} (iteration order), {@link GoObject}, {@link Collection}, {@link
 * String}, {@link Boolean}, integral numbers, {@link Double} (float64), {@link Float} (float32),
 * {@link GoNumber}, {@link RawJson}, and {@code null} / {@link GoJsonReader#NULL}.
 */
public final class GoJsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJsonWriter() {}

  public static String encode(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  public static byte[] encodeBytes(Object value) {
    return encode(value).getBytes(StandardCharsets.UTF_8);
  }

  private static void write(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(out, s);
      case Boolean b -> out.append(b.booleanValue());
      case Integer i -> out.append(i.intValue());
      case Long l -> out.append(l.longValue());
      case Short s -> out.append(s.shortValue());
      case BigInteger b -> out.append(b);
      case Double d -> out.append(goFloat(d, 64));
      case Float f -> out.append(goFloat(f, 32));
      case BigDecimal d -> out.append(d.toPlainString());
      case GoNumber n -> out.append(n.literal());
      case RawJson raw -> out.append(raw.json());
      case JsonNull n -> out.append("null");
      case GoObject o -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : o.entries()) {
          first = member(out, first, e.getKey(), e.getValue());
        }
        out.append('}');
      }
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          first = member(out, first, String.valueOf(e.getKey()), e.getValue());
        }
        out.append('}');
      }
      case Collection<?> list -> {
        out.append('[');
        boolean first = true;
        for (Object item : list) {
          if (!first) {
            out.append(',');
          }
          first = false;
          write(out, item);
        }
        out.append(']');
      }
      default -> throw new IllegalArgumentException("cannot encode " + value.getClass().getName());
    }
  }

  private static boolean member(StringBuilder out, boolean first, String key, Object value) {
    if (!first) {
      out.append(',');
    }
    string(out, key);
    out.append(':');
    write(out, value);
    return false;
  }

  /** Go's {@code encodeState.string} with HTML escaping on (what Marshal uses). */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
        default -> {
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            // Go sees invalid UTF-8 here and writes the replacement character escaped.
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }

  /**
   * Go's {@code floatEncoder}: shortest representation that round-trips at the given width, {@code
   * 'f'} notation unless the magnitude is below 1e-6 or at least 1e21, and exponents written {@code
   * e-7} / {@code e+21}.
   */
  public static String goFloat(double value, int bits) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("json: unsupported value: " + value);
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0" : "0";
    }
    String shortest = bits == 32 ? Float.toString((float) value) : Double.toString(value);
    BigDecimal decimal = new BigDecimal(shortest).stripTrailingZeros();
    double abs = Math.abs(bits == 32 ? (float) value : value);
    boolean exponent = abs < 1e-6 || abs >= 1e21;
    if (!exponent) {
      return decimal.toPlainString();
    }
    String digits = decimal.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - decimal.scale();
    StringBuilder out = new StringBuilder();
    if (decimal.signum() < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exp < 0 ? '-' : '+');
    int magnitude = Math.abs(exp);
    // strconv pads the exponent to two digits; encoding/json then trims "e-07" to "e-7".
    if (magnitude < 10 && exp >= 0) {
      out.append('0');
    }
    out.append(magnitude);
    return out.toString();
  }
}
