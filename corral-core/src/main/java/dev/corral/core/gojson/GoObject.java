package dev.corral.core.gojson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A decoded JSON object with every key kept, duplicates included, in input order.
 *
 * <p>{@link #field(String)} answers what Go would store in a struct field of that JSON name: the
 * value of the <em>last</em> key that equals the name exactly or under Unicode simple case folding.
 */
public final class GoObject {
  private final List<Map.Entry<String, Object>> entries;

  /** Folded keys, computed on the first case-insensitive lookup (objects are immutable). */
  private volatile String[] foldedKeys;

  GoObject(List<Map.Entry<String, Object>> entries) {
    this(List.copyOf(entries), true);
  }

  /** For the reader, which hands over a list nobody else holds: no copy needed. */
  private GoObject(List<Map.Entry<String, Object>> entries, boolean owned) {
    this.entries = owned ? Collections.unmodifiableList(entries) : List.copyOf(entries);
  }

  static GoObject adopt(List<Map.Entry<String, Object>> entries) {
    return new GoObject(entries, true);
  }

  public static GoObject of(Map<String, ?> values) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>();
    values.forEach((k, v) -> entries.add(Map.entry(k, v == null ? GoJsonReader.NULL : v)));
    return new GoObject(entries);
  }

  public List<Map.Entry<String, Object>> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  /**
   * The value Go's decoder would assign to the struct field tagged {@code name}; empty when no key
   * matches. A JSON {@code null} comes back as {@link GoJsonReader#NULL}.
   */
  public Optional<Object> field(String name) {
    String folded = fold(name);
    String[] keys = foldedKeys();
    Object found = null;
    for (int i = 0; i < keys.length; i++) {
      // An exact match is a fold match too, so one comparison per key decides.
      if (keys[i].equals(folded)) {
        found = entries.get(i).getValue();
      }
    }
    return Optional.ofNullable(found);
  }

  private String[] foldedKeys() {
    String[] keys = foldedKeys;
    if (keys == null) {
      keys = new String[entries.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = fold(entries.get(i).getKey());
      }
      foldedKeys = keys;
    }
    return keys;
  }

  /** String field, or {@code ""} when absent or null (Go's zero value). */
  public String string(String name) {
    return field(name).filter(String.class::isInstance).map(String.class::cast).orElse("");
  }

  public Optional<GoObject> object(String name) {
    return field(name).filter(GoObject.class::isInstance).map(GoObject.class::cast);
  }

  @SuppressWarnings("unchecked")
  public List<Object> array(String name) {
    return field(name).filter(List.class::isInstance).map(v -> (List<Object>) v).orElse(List.of());
  }

  /** True when a key names this field, even with a null value. */
  public boolean has(String name) {
    return field(name).isPresent();
  }

  /** Keys that differ from another key only by case folding, or repeat exactly. */
  public List<String> ambiguousKeys() {
    Map<String, List<String>> byFold = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : entries) {
      byFold.computeIfAbsent(fold(entry.getKey()), k -> new ArrayList<>()).add(entry.getKey());
    }
    List<String> ambiguous = new ArrayList<>();
    byFold.values().stream().filter(keys -> keys.size() > 1).forEach(ambiguous::addAll);
    return ambiguous;
  }

  /**
   * Unicode simple case folding as Go's {@code bytes.EqualFold} applies it: {@code K} (Kelvin sign)
   * folds to {@code k} and {@code ſ} (long s) to {@code s}. Two keys name the same Go struct field
   * when their folds are equal.
   */
  public static String fold(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
        break;
      }
      i++;
    }
    if (i == n) {
      return text; // already folded: the common case of lower-case ASCII keys
    }
    StringBuilder out = new StringBuilder(n).append(text, 0, i);
    while (i < n) {
      int cp = text.codePointAt(i);
      out.appendCodePoint(foldCodePoint(cp));
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /**
   * One code point's fold. Lower-casing the upper case gives Unicode's simple folding for every
   * code point but two: U+0130 (İ) and U+0131 (ı) have upper and lower cases but no simple fold, so
   * Go's {@code unicode.SimpleFold} leaves them alone and {@code "ımages"} does not set {@code
   * images}.
   */
  private static int foldCodePoint(int cp) {
    if (cp == 0x130 || cp == 0x131) {
      return cp;
    }
    return Character.toLowerCase(Character.toUpperCase(cp));
  }

  @Override
  public String toString() {
    return GoJsonWriter.encode(this);
  }
}
