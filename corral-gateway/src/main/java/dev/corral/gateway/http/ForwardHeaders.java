package dev.corral.gateway.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which header fields cross the gateway. Hop-by-hop fields (RFC 9110 section 7.6.1 and those named
 * in Connection) never do; credentials meant for the gateway never reach the upstream; the upstream
 * gets its own Host so that Ollama's DNS-rebinding Host check sees a loopback name.
 *
 * <p>No X-Forwarded-For is added and client-sent Forwarded/X-Forwarded-* fields are dropped: Ollama
 * does not read them, and passing a client's own claim on would let it spoof the address that other
 * tools behind the gateway might trust. The audit log has the real client address. Browser origins
 * are the gateway's business: Origin is not forwarded, and Ollama's Access-Control-* answers are
 * not passed back.
 *
 * <p>Each field is looked at once, in one pass that skips what must not cross, rather than every
 * unwanted name being looked up and removed: on every request that is two dozen hash lookups fewer.
 */
final class ForwardHeaders {
  private static final List<CharSequence> HOP_BY_HOP =
      List.of(
          HttpHeaderNames.CONNECTION,
          HttpHeaderNames.KEEP_ALIVE,
          HttpHeaderNames.PROXY_AUTHENTICATE,
          HttpHeaderNames.PROXY_AUTHORIZATION,
          HttpHeaderNames.PROXY_CONNECTION,
          HttpHeaderNames.TE,
          HttpHeaderNames.TRAILER,
          HttpHeaderNames.TRANSFER_ENCODING,
          HttpHeaderNames.UPGRADE,
          "http2-settings");

  private static final List<CharSequence> NOT_FORWARDED_UP =
      List.of(
          HttpHeaderNames.AUTHORIZATION,
          "x-api-key",
          HttpHeaderNames.HOST,
          HttpHeaderNames.EXPECT,
          HttpHeaderNames.COOKIE,
          // The gateway has judged the origin (only listed ones get this far) and answers CORS
          // itself; Ollama's own origin list would refuse the operator's origins with 403.
          HttpHeaderNames.ORIGIN,
          // Token counts and listing filters read the body: keep it uncompressed.
          HttpHeaderNames.ACCEPT_ENCODING,
          HttpHeaderNames.CONTENT_LENGTH,
          // Only identity and zstd get past the policy, and a zstd body goes upstream decoded
          // (ZstdBody): every Ollama version reads it, and none decodes it a second time.
          HttpHeaderNames.CONTENT_ENCODING,
          // Client claims about addresses, ports, paths and methods that other proxies trust;
          // every x-forwarded-* field goes too (FORWARDED_PREFIX).
          "forwarded",
          "x-real-ip",
          "true-client-ip",
          "x-client-ip",
          "x-cluster-client-ip",
          "cf-connecting-ip",
          "x-original-url",
          "x-rewrite-url",
          "x-http-method-override",
          "x-http-method",
          "x-method-override",
          HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text(),
          HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(),
          HttpConversionUtil.ExtensionHeaderNames.PATH.text(),
          HttpConversionUtil.ExtensionHeaderNames.STREAM_DEPENDENCY_ID.text(),
          HttpConversionUtil.ExtensionHeaderNames.STREAM_WEIGHT.text(),
          HttpConversionUtil.ExtensionHeaderNames.STREAM_PROMISE_ID.text());

  private static final AsciiString CORS_PREFIX = AsciiString.cached("access-control-");

  private static final AsciiString FORWARDED_PREFIX = AsciiString.cached("x-forwarded-");

  /**
   * Names as keys of a header map, for its case-insensitive hashing; only read after class
   * initialisation, so safe to share between event loops.
   */
  private static final HttpHeaders DROPPED_UP = names(HOP_BY_HOP, NOT_FORWARDED_UP);

  private static final HttpHeaders DROPPED_DOWN = names(HOP_BY_HOP, List.of());

  private ForwardHeaders() {}

  private static HttpHeaders names(List<CharSequence> a, List<CharSequence> b) {
    HttpHeaders set = new DefaultHttpHeaders();
    for (CharSequence name : a) {
      set.add(name, "");
    }
    for (CharSequence name : b) {
      set.add(name, "");
    }
    return set;
  }

  /** Receives the fields that cross the gateway, one at a time, in their order. */
  @FunctionalInterface
  interface FieldSink {
    void field(CharSequence name, CharSequence value);

    /** A field that does not cross (by default, nothing is done with it). */
    default void dropped(CharSequence name) {}
  }

  /**
   * Passes {@code sink} the request fields to send upstream; the caller then adds Host and the
   * body's framing.
   */
  static void forEachRequestField(HttpHeaders from, FieldSink sink) {
    forEach(from, DROPPED_UP, FORWARDED_PREFIX, sink);
  }

  /**
   * Removes from a response, in place, the fields that must not reach the client; the caller sets
   * the framing. Ollama's own CORS fields go too: it allows origins of its own choosing (localhost,
   * app://, ...), and only the gateway's configured origins may be named to a browser. The
   * upstream's response head is passed on to the client rather than copied, and it usually has
   * nothing to remove but Transfer-Encoding.
   */
  static void stripResponse(HttpHeaders headers) {
    Doomed doomed = new Doomed();
    forEach(headers, DROPPED_DOWN, CORS_PREFIX, doomed);
    if (doomed.names != null) {
      for (CharSequence name : doomed.names) {
        headers.remove(name);
      }
    }
  }

  /** Collects the names of the fields that do not cross, to remove them after the pass. */
  private static final class Doomed implements FieldSink {
    List<CharSequence> names;

    @Override
    public void field(CharSequence name, CharSequence value) {}

    @Override
    public void dropped(CharSequence name) {
      if (names == null) {
        names = new ArrayList<>(2);
      }
      names.add(name);
    }
  }

  /**
   * Passes on every field but those in {@code dropped}, those starting with {@code prefix}, and
   * those that Connection names.
   */
  private static void forEach(
      HttpHeaders from, HttpHeaders dropped, AsciiString prefix, FieldSink sink) {
    List<String> named = connectionTokens(from);
    Iterator<Map.Entry<CharSequence, CharSequence>> fields = from.iteratorCharSequence();
    while (fields.hasNext()) {
      Map.Entry<CharSequence, CharSequence> field = fields.next();
      CharSequence name = field.getKey();
      if (dropped.contains(name)
          || AsciiString.regionMatches(name, true, 0, prefix, 0, prefix.length())
          || (named != null && namedIn(named, name))) {
        sink.dropped(name);
        continue;
      }
      sink.field(name, field.getValue());
    }
  }

  /**
   * The field names listed in Connection (they are hop-by-hop too), or null when there are none.
   */
  private static List<String> connectionTokens(HttpHeaders headers) {
    if (!headers.contains(HttpHeaderNames.CONNECTION)) {
      return null;
    }
    List<String> names = null;
    for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : connection.split(",")) {
        String name = token.strip();
        if (!name.isEmpty()) {
          if (names == null) {
            names = new ArrayList<>(2);
          }
          names.add(name);
        }
      }
    }
    return names;
  }

  private static boolean namedIn(List<String> names, CharSequence name) {
    for (String n : names) {
      if (AsciiString.contentEqualsIgnoreCase(n, name)) {
        return true;
      }
    }
    return false;
  }
}
