package dev.corral.gateway.policy.json;

import dev.corral.core.gojson.GoJsonException;
import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoObject;
import dev.corral.core.text.Utf8;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Reads a request body only when every JSON reader would agree on what it says. Go's {@code
 * encoding/json} (what Ollama uses) lets the last of two equal keys win, matches keys to fields
 * case-insensitively, turns invalid UTF-8 into U+FFFD and ignores whatever follows the first value;
 * a gateway that reads the body differently could approve one request while Ollama executes
 * another. So anything on which readers may disagree is refused, not interpreted.
 */
public final class StrictJson {

  /** Deeper than any Ollama or OpenAI request needs (tool schemas nest a few levels). */
  public static final int MAX_DEPTH = 64;

  /**
   * Values in one body (counted as commas and opening brackets outside strings), about a million: a
   * long chat or the deprecated {@code context} of a 128k-token window needs far fewer. Without a
   * cap, 32 MiB of {@code 0,0,0,...} builds a 16-million-node tree: seconds of CPU and a gigabyte
   * of heap for one request.
   */
  public static final int MAX_VALUES = 1 << 20;

  private StrictJson() {}

  /** Why a body was refused. */
  public static final class AmbiguousJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public AmbiguousJsonException(String message) {
      super(message);
    }
  }

  /** The top-level object of {@code body}, or an exception that says what is wrong. */
  public static GoObject read(byte[] body) throws AmbiguousJsonException {
    prescan(body);
    GoJsonReader.Result result;
    try {
      result = GoJsonReader.read(body);
    } catch (GoJsonException e) {
      throw new AmbiguousJsonException(e.isEof() ? "missing request body" : e.getMessage());
    }
    if (result.hasTrailingData(body)) {
      throw new AmbiguousJsonException("data after the JSON value");
    }
    if (!(result.value() instanceof GoObject root)) {
      throw new AmbiguousJsonException("the body must be a JSON object");
    }
    checkKeys(root);
    return root;
  }

  /**
   * One pass over the bytes before parsing: well-formed UTF-8 everywhere, {@code \\u} surrogate
   * escapes correctly paired, nesting no deeper than {@link #MAX_DEPTH} and no more than {@link
   * #MAX_VALUES} values, so a hostile body never builds a deep or a huge tree.
   */
  private static void prescan(byte[] in) throws AmbiguousJsonException {
    int depth = 0;
    int values = 0;
    boolean inString = false;
    int i = 0;
    int n = in.length;
    while (i < n) {
      int b = in[i] & 0xff;
      if (b >= 0x80) {
        i = skipUtf8(in, i);
        continue;
      }
      if (inString) {
        if (b == '"') {
          inString = false;
        } else if (b == '\\') {
          if (i + 1 < n && in[i + 1] == 'u') {
            i = checkUnicodeEscape(in, i);
            continue;
          }
          i++; // the escaped byte; the reader checks it is a valid escape
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        if (++depth > MAX_DEPTH) {
          throw new AmbiguousJsonException("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        values = countValue(values);
      } else if (b == ',') {
        values = countValue(values);
      } else if (b == '}' || b == ']') {
        depth--;
      }
      i++;
    }
  }

  private static int countValue(int values) throws AmbiguousJsonException {
    if (values >= MAX_VALUES) {
      throw new AmbiguousJsonException("JSON body with more than " + MAX_VALUES + " values");
    }
    return values + 1;
  }

  /** Returns the index after a {@code \\uXXXX} escape (and its low half when it is a high one). */
  private static int checkUnicodeEscape(byte[] in, int i) throws AmbiguousJsonException {
    int unit = hex4(in, i + 2);
    if (unit < 0) {
      return i + 2; // malformed: the reader reports it
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int low = (i + 7 < in.length && in[i + 6] == '\\' && in[i + 7] == 'u') ? hex4(in, i + 8) : -1;
      if (low < 0xDC00 || low > 0xDFFF) {
        throw new AmbiguousJsonException("unpaired UTF-16 surrogate escape in a string");
      }
      return i + 12;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      throw new AmbiguousJsonException("unpaired UTF-16 surrogate escape in a string");
    }
    return i + 6;
  }

  private static int hex4(byte[] in, int at) {
    if (at + 4 > in.length) {
      return -1;
    }
    int value = 0;
    for (int k = 0; k < 4; k++) {
      int digit = Character.digit(in[at + k], 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** Validates one UTF-8 sequence at {@code i} (RFC 3629: no overlongs, no surrogates). */
  private static int skipUtf8(byte[] in, int i) throws AmbiguousJsonException {
    int cp = Utf8.decodeMultiByte(in, i);
    if (cp < 0) {
      throw invalidUtf8(i);
    }
    return i + Utf8.length(cp);
  }

  private static AmbiguousJsonException invalidUtf8(int offset) {
    return new AmbiguousJsonException("invalid UTF-8 at byte " + offset);
  }

  /**
   * Duplicate keys anywhere in the document: exact, or under Go's case folding. The members of a
   * JSON Schema {@code properties} object are the exception to the second: Ollama decodes them into
   * maps, whose keys Go matches exactly, so {@code "ID"} and {@code "id"} are two different
   * parameters of a tool, not one field named twice. The gateway reads nothing inside them.
   */
  private static void checkKeys(GoObject root) throws AmbiguousJsonException {
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Object value = pending.pop();
      if (value instanceof SchemaProperties(GoObject properties)) {
        List<String> repeated = exactDuplicates(properties);
        if (!repeated.isEmpty()) {
          throw new AmbiguousJsonException("duplicate keys: " + describe(repeated));
        }
        pushMembers(pending, properties);
      } else if (value instanceof GoObject object) {
        if (object.size() > 1) {
          List<String> ambiguous = object.ambiguousKeys();
          if (!ambiguous.isEmpty()) {
            throw new AmbiguousJsonException(
                "duplicate or case-variant keys: " + describe(ambiguous));
          }
        }
        for (Map.Entry<String, Object> entry : object.entries()) {
          if (entry.getValue() instanceof GoObject p
              && GoObject.fold(entry.getKey()).equals("properties")) {
            pending.push(new SchemaProperties(p));
          } else {
            pushIfContainer(pending, entry.getValue());
          }
        }
      } else if (value instanceof List<?> list) {
        for (Object item : list) {
          pushIfContainer(pending, item);
        }
      }
    }
  }

  /** A JSON Schema {@code properties} object: parameter names as map keys. */
  private record SchemaProperties(GoObject object) {}

  private static void pushMembers(Deque<Object> pending, GoObject object) {
    for (Map.Entry<String, Object> entry : object.entries()) {
      pushIfContainer(pending, entry.getValue());
    }
  }

  private static List<String> exactDuplicates(GoObject object) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<String> repeated = new java.util.ArrayList<>();
    for (Map.Entry<String, Object> entry : object.entries()) {
      if (!seen.add(entry.getKey())) {
        repeated.add(entry.getKey());
      }
    }
    return repeated;
  }

  private static void pushIfContainer(Deque<Object> pending, Object value) {
    if (value instanceof GoObject || value instanceof List<?>) {
      pending.push(value);
    }
  }

  /** Keys as JSON strings, shortened: they come from the client and go into an error message. */
  private static String describe(List<String> keys) {
    StringBuilder out = new StringBuilder();
    for (String key : keys) {
      if (out.length() > 80) {
        out.append(", ...");
        break;
      }
      if (!out.isEmpty()) {
        out.append(", ");
      }
      String shown = key.length() > 24 ? key.substring(0, 24) + "..." : key;
      out.append('"');
      for (int k = 0; k < shown.length(); k++) {
        char c = shown.charAt(k);
        out.append(c < 0x20 || c == '"' || c == '\\' || c == 0x7f ? '?' : c);
      }
      out.append('"');
    }
    return out.toString();
  }
}
