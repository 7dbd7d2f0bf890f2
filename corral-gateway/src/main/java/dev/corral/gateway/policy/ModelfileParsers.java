package dev.corral.gateway.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every parser Ollama's {@code POST /api/create} ran on the {@code modelfile} field, ported from
 * the Go sources of the tags below ({@code git show TAG:parser/parser.go}). The field appeared in
 * v0.1.10 and was dropped in v0.5.5 ({@code api.CreateRequest} lost it; {@code CreateHandler}
 * builds models from {@code from}/{@code files}/{@code adapters} since). Each port answers the
 * commands that version would execute, or nothing when that version refuses the text (a parse error
 * or a Go panic: either way no command runs).
 *
 * <p>Command names are those Ollama's {@code CreateModel} switches on: {@code "model"} (a {@code
 * FROM}) and {@code "adapter"} open files; {@code PARAMETER model x} and {@code PARAMETER adapter
 * x} make the same names in every version, so they count too.
 */
final class ModelfileParsers {

  private ModelfileParsers() {}

  /** One command as the Go parser hands it to {@code CreateModel}. */
  record Command(String name, String args) {}

  /** The parser variants, by the Ollama tags that shipped them (release candidates included). */
  enum Variant {
    /** v0.1.10 - v0.1.13: line scanner, FROM and ADAPTER arguments untrimmed. */
    SCAN_V0_1_10,
    /** v0.1.14 - v0.1.20: line scanner, FROM/ADAPTER/PARAMETER arguments TrimSpace'd. */
    SCAN_V0_1_14,
    /** v0.1.21 - v0.1.33: as v0.1.14 plus MESSAGE (a malformed MESSAGE refuses the file). */
    SCAN_V0_1_21,
    /** v0.1.34-rc1 only: rune state machine whose unquote refuses an empty value. */
    RUNES_V0_1_34_RC1,
    /** v0.1.34 - v0.1.38 (types/model/file.go): rune state machine, no BOM handling. */
    RUNES_V0_1_34,
    /** v0.1.39 - v0.1.42: leading U+FFFD runes switch to "utf16" mode, which skips NUL runes. */
    RUNES_V0_1_39,
    /** v0.1.43: reads byte by byte, so every non-ASCII byte becomes U+FFFD. */
    BYTES_V0_1_43,
    /** v0.1.44 - v0.1.48: one leading UTF-8 BOM stripped (x/text BOMOverride). */
    RUNES_V0_1_44,
    /** v0.1.49-rc1 - v0.5.4: as v0.1.44, values TrimSpace'd before unquoting. */
    RUNES_V0_1_49
  }

  /** What each variant makes of {@code modelfile}; empty where that version refuses it. */
  static Map<Variant, Optional<List<Command>>> readAll(String modelfile) {
    String text = goString(modelfile);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    Map<Variant, Optional<List<Command>>> readings = new EnumMap<>(Variant.class);
    for (Variant variant : Variant.values()) {
      readings.put(
          variant,
          switch (variant) {
            case SCAN_V0_1_10, SCAN_V0_1_14, SCAN_V0_1_21 -> ScannerModelfile.parse(utf8, variant);
            default -> RuneModelfile.parse(text, utf8, variant);
          });
    }
    return readings;
  }

  // ---- Go library semantics the ports rely on ----------------------------------------------

  /**
   * The string Ollama's encoding/json hands over: invalid UTF-16 (an unpaired surrogate) becomes
   * U+FFFD. StrictJson refuses such bodies already; this keeps the ports honest on their own.
   */
  static String goString(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      boolean lone = cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
      if (lone && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.appendCodePoint(lone ? 0xFFFD : cp);
      }
      i += Character.charCount(cp);
    }
    return out == null ? s : out.toString();
  }

  /**
   * Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols (categories L, M, N, P, S)
   * and U+0020 only; not tab, not NBSP or other spaces, not format characters such as U+FEFF or
   * U+200B, not private use. May differ from Go where the Unicode versions differ: Go 1.21 - 1.25
   * (every parser here that uses IsPrint) carries Unicode 15.0.0 tables; Java 21 also has 15.0, but
   * a newer JDK knows later code points (Unicode 16.0 in Java 25) as letters or symbols that Go
   * still reads as unassigned and therefore unprintable.
   */
  static boolean goIsPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  /** Go's unicode.IsSpace (the White_Space property), which strings/bytes.TrimSpace trim. */
  static boolean goIsSpace(int cp) {
    return switch (cp) {
      case '\t',
          '\n',
          0x0B,
          '\f',
          '\r',
          ' ',
          0x85,
          0xA0,
          0x1680,
          0x2028,
          0x2029,
          0x202F,
          0x205F,
          0x3000 ->
          true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }

  /** Go's strings.TrimSpace. */
  static String goTrimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && goIsSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && goIsSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** Go's strings.ToUpper/ToLower: simple per-rune case mapping (no "ß" to "SS" expansion). */
  static String goCase(String s, boolean upper) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp ->
                out.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
    return out.toString();
  }

  /** Splits as Go's bytes.SplitN(s, " ", 2): one field when there is no space. */
  static List<String> splitOnFirstSpace(String s) {
    int space = s.indexOf(' ');
    List<String> fields = new ArrayList<>(2);
    if (space < 0) {
      fields.add(s);
    } else {
      fields.add(s.substring(0, space));
      fields.add(s.substring(space + 1));
    }
    return fields;
  }
}
