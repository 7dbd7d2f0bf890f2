package dev.corral.gateway.policy;

import dev.corral.core.vuln.GatewayRule;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Header hygiene: framing every reader agrees on, browser origins, the Host allowlist and the
 * Content-Type a body route needs. Reads the fields {@link HeadFields} collected.
 */
final class HeaderCheck {

  /**
   * What the framing headers say about the body.
   *
   * @param hasBody a body is announced (a length above 0, or chunked)
   * @param contentLength the announced length; -1 when chunked, 0 when none announced
   * @param declared whether Content-Length or Transfer-Encoding was sent at all: over HTTP/2 a body
   *     may arrive without either, so only an explicit {@code Content-Length: 0} proves there is
   *     none
   */
  record Framing(boolean hasBody, long contentLength, boolean declared) {

    /** Whether a body is possible: announced, or not ruled out by an explicit zero length. */
    boolean mayHaveBody() {
      return hasBody || !declared;
    }
  }

  private static final Framing CHUNKED = new Framing(true, -1, true);
  private static final Framing ZERO = new Framing(false, 0, true);
  private static final Framing UNDECLARED = new Framing(false, 0, false);

  private final List<String> origins;
  private final List<String> hosts;

  HeaderCheck(PolicySettings settings) {
    this.origins = settings.origins();
    this.hosts = settings.hosts();
  }

  /**
   * Reads Content-Length and Transfer-Encoding; null when they are ambiguous: repeated, both
   * present, a coding other than exactly {@code chunked}, a length that is not plain digits, a
   * repeated Host, or a Content-Encoding other than {@code identity} and {@link #zstd zstd} (the
   * gateway would judge bytes Ollama cannot read). Whether the route takes zstd is the caller's
   * question. {@code contentLength} is -1 for a chunked body, and counts encoded bytes.
   */
  static Framing framing(HeadFields f) {
    if (f.contentLengths > 1
        || f.transferEncodings > 1
        || (f.contentLengths == 1 && f.transferEncodings == 1)
        || f.hosts > 1
        || f.contentEncodings > 1) {
      return null;
    }
    if (f.contentEncoding != null
        && !zstd(f)
        && !AsciiString.contentEqualsIgnoreCase(f.contentEncoding, "identity")) {
      return null;
    }
    if (f.transferEncoding != null) {
      return AsciiString.contentEqualsIgnoreCase(f.transferEncoding, "chunked") ? CHUNKED : null;
    }
    if (f.contentLength == null) {
      return UNDECLARED;
    }
    long value = digits(f.contentLength);
    return value < 0 ? null : value == 0 ? ZERO : new Framing(true, value, true);
  }

  /**
   * Whether the body is zstd-encoded: one Content-Encoding field whose value is exactly {@code
   * zstd}, the one spelling Ollama compares against ({@code c.GetHeader("Content-Encoding") ==
   * "zstd"}). {@code ZSTD}, {@code zstd, identity} or a second field are not this, and stay
   * refused.
   */
  static boolean zstd(HeadFields f) {
    return f.contentEncodings == 1 && AsciiString.contentEquals(f.contentEncoding, "zstd");
  }

  private static long digits(CharSequence value) {
    int n = value.length();
    if (n == 0 || n > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** The one Origin of the head when it is listed, else null. */
  String listedOrigin(HeadFields f) {
    return f.origins == 1 && listed(origins, f.origin) ? f.origin.toString() : null;
  }

  /** Null when Origin and Host are acceptable, else the refusal. */
  Verdict originAndHost(HeadFields f, Route route) {
    if (f.origins > 1 || (f.origins == 1 && !listed(origins, f.origin))) {
      return Verdict.deny(
          403, GatewayRule.HOST_ORIGIN_CHECK.id(), "browser origin not allowed", route);
    }
    if (!hosts.isEmpty() && (f.hosts != 1 || !hostListed(f.host))) {
      return Verdict.deny(403, GatewayRule.HOST_ORIGIN_CHECK.id(), "host not allowed", route);
    }
    return null;
  }

  /**
   * The Host value equals an entry, or an entry without a port names its host: DNS rebinding is
   * about the name, and clients leave out default ports.
   */
  private boolean hostListed(CharSequence value) {
    if (listed(hosts, value)) {
      return true;
    }
    String host = value.toString();
    int colon = host.lastIndexOf(':');
    if (colon <= 0 || colon == host.length() - 1 || host.indexOf(']', colon) >= 0) {
      return false; // no port (an IPv6 literal's colons are inside the brackets)
    }
    for (int i = colon + 1; i < host.length(); i++) {
      if (host.charAt(i) < '0' || host.charAt(i) > '9') {
        return false;
      }
    }
    String name = host.substring(0, colon);
    for (String entry : hosts) {
      boolean entryHasPort = entry.lastIndexOf(':') > entry.lastIndexOf(']');
      if (!entryHasPort && entry.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean listed(List<String> allowed, CharSequence value) {
    for (int i = 0; i < allowed.size(); i++) {
      if (AsciiString.contentEqualsIgnoreCase(allowed.get(i), value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the single Content-Type is one of {@code expected}, with no parameter but {@code
   * charset=utf-8}. Browsers can send {@code text/plain}, form and multipart bodies cross-site
   * without a preflight; requiring a JSON or binary type blocks those CSRF and DNS-rebinding
   * payloads.
   */
  static boolean contentTypeIs(HeadFields f, String... expected) {
    if (f.contentTypes != 1) {
      return false;
    }
    String value = f.contentType.toString();
    int semi = value.indexOf(';');
    int mediaEnd = semi < 0 ? value.length() : semi;
    int from = skipSpace(value, 0, mediaEnd);
    int to = trimEnd(value, from, mediaEnd);
    boolean known = false;
    for (String type : expected) {
      known |= to - from == type.length() && value.regionMatches(true, from, type, 0, to - from);
    }
    if (!known) {
      return false;
    }
    while (semi >= 0) {
      int next = value.indexOf(';', semi + 1);
      int end = next < 0 ? value.length() : next;
      int eq = value.indexOf('=', semi + 1);
      if (eq < 0 || eq > end) {
        return false;
      }
      int nameFrom = skipSpace(value, semi + 1, eq);
      int nameTo = trimEnd(value, nameFrom, eq);
      if (nameTo - nameFrom != 7 || !value.regionMatches(true, nameFrom, "charset", 0, 7)) {
        return false;
      }
      int valueFrom = skipSpace(value, eq + 1, end);
      int valueTo = trimEnd(value, valueFrom, end);
      if (valueTo - valueFrom >= 2
          && value.charAt(valueFrom) == '"'
          && value.charAt(valueTo - 1) == '"') {
        valueFrom++;
        valueTo--;
      }
      if (valueTo - valueFrom != 5 || !value.regionMatches(true, valueFrom, "utf-8", 0, 5)) {
        return false;
      }
      semi = next;
    }
    return true;
  }

  private static int skipSpace(String s, int from, int to) {
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    return from;
  }

  private static int trimEnd(String s, int from, int to) {
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return to;
  }
}
