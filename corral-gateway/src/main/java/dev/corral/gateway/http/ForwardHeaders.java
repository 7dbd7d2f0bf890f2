package dev.corral.gateway.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
          "forwarded",
          "x-forwarded-for",
          "x-forwarded-host",
          "x-forwarded-proto",
          "x-real-ip",
          HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text(),
          HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(),
          HttpConversionUtil.ExtensionHeaderNames.PATH.text(),
          HttpConversionUtil.ExtensionHeaderNames.STREAM_DEPENDENCY_ID.text(),
          HttpConversionUtil.ExtensionHeaderNames.STREAM_WEIGHT.text(),
          HttpConversionUtil.ExtensionHeaderNames.STREAM_PROMISE_ID.text());

  private ForwardHeaders() {}

  /** Removes hop-by-hop fields, including those the Connection field names. */
  static void stripHopByHop(HttpHeaders headers) {
    for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : connection.split(",")) {
        String name = token.strip().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          headers.remove(name);
        }
      }
    }
    for (CharSequence name : HOP_BY_HOP) {
      headers.remove(name);
    }
  }

  /** The request fields to send upstream; the caller then sets Host and the body's framing. */
  static void forRequest(HttpHeaders headers) {
    stripHopByHop(headers);
    for (CharSequence name : NOT_FORWARDED_UP) {
      headers.remove(name);
    }
  }

  /**
   * The response fields to send the client; the caller sets the framing. Ollama's own CORS fields
   * are dropped: it allows origins of its own choosing (localhost, app://, ...), and only the
   * gateway's configured origins may be named to a browser.
   */
  static void forResponse(HttpHeaders headers) {
    stripHopByHop(headers);
    List<String> cors = new ArrayList<>();
    for (String name : headers.names()) {
      if (name.regionMatches(true, 0, "access-control-", 0, 15)) {
        cors.add(name);
      }
    }
    for (String name : cors) {
      headers.remove(name);
    }
  }
}
