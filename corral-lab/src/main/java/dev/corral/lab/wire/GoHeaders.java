package dev.corral.lab.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's {@code http.Header} for a response: canonical keys ({@code content-type} becomes {@code
 * Content-Type}), several values per key, written sorted by key as {@code net/http} does.
 */
public final class GoHeaders {
  private final TreeMap<String, List<String>> values = new TreeMap<>();

  public GoHeaders set(String key, String value) {
    List<String> list = new ArrayList<>();
    list.add(value);
    values.put(canonicalKey(key), list);
    return this;
  }

  /**
   * Sets a header under exactly this name, bypassing Go's canonical form: for answers that come
   * from a proxy in front (nginx writes {@code WWW-Authenticate}, Go would write {@code
   * Www-Authenticate}).
   */
  public GoHeaders setVerbatim(String key, String value) {
    List<String> list = new ArrayList<>();
    list.add(value);
    values.put(key, list);
    return this;
  }

  public GoHeaders add(String key, String value) {
    values.computeIfAbsent(canonicalKey(key), k -> new ArrayList<>()).add(value);
    return this;
  }

  /** Sets only when absent, like gin's {@code writeContentType}. */
  public GoHeaders setIfAbsent(String key, String value) {
    if (!has(key)) {
      set(key, value);
    }
    return this;
  }

  public GoHeaders remove(String key) {
    values.remove(canonicalKey(key));
    return this;
  }

  public boolean has(String key) {
    List<String> list = values.get(canonicalKey(key));
    return list != null && !list.isEmpty();
  }

  public String get(String key) {
    List<String> list = values.get(canonicalKey(key));
    return list == null || list.isEmpty() ? null : list.getFirst();
  }

  /** Sorted by key, values in insertion order. */
  public Map<String, List<String>> entries() {
    return values;
  }

  /**
   * {@code textproto.CanonicalMIMEHeaderKey}: upper-case the first letter and each letter after a
   * hyphen, lower-case the rest; keys with bytes outside the token set are left alone.
   */
  public static String canonicalKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ' ' || c >= 0x7f || c < 0x20 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return key;
      }
    }
    StringBuilder out = new StringBuilder(key.length());
    boolean upper = true;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (upper && c >= 'a' && c <= 'z') {
        c = (char) (c - 32);
      } else if (!upper && c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      out.append(c);
      upper = c == '-';
    }
    return out.toString();
  }
}
