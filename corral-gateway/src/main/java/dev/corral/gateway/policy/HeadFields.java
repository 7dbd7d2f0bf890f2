package dev.corral.gateway.policy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * The few header fields the policy reads, collected in one pass over Netty's headers (one iterator,
 * no lists, no copies: this runs on the event loop for every request). Each field keeps its value
 * and how often it occurred, so repeated fields can be refused.
 */
final class HeadFields {
  CharSequence contentLength;
  int contentLengths;
  CharSequence transferEncoding;
  int transferEncodings;
  CharSequence contentEncoding;
  int contentEncodings;
  CharSequence contentType;
  int contentTypes;
  CharSequence host;
  int hosts;
  CharSequence origin;
  int origins;

  static HeadFields scan(HttpHeaders headers) {
    HeadFields f = new HeadFields();
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      CharSequence name = e.getKey();
      CharSequence value = e.getValue();
      switch (name.length()) {
        case 4 -> {
          if (is(name, HttpHeaderNames.HOST)) {
            f.host = value;
            f.hosts++;
          }
        }
        case 6 -> {
          if (is(name, HttpHeaderNames.ORIGIN)) {
            f.origin = value;
            f.origins++;
          }
        }
        case 12 -> {
          if (is(name, HttpHeaderNames.CONTENT_TYPE)) {
            f.contentType = value;
            f.contentTypes++;
          }
        }
        case 14 -> {
          if (is(name, HttpHeaderNames.CONTENT_LENGTH)) {
            f.contentLength = value;
            f.contentLengths++;
          }
        }
        case 16 -> {
          if (is(name, HttpHeaderNames.CONTENT_ENCODING)) {
            f.contentEncoding = value;
            f.contentEncodings++;
          }
        }
        case 17 -> {
          if (is(name, HttpHeaderNames.TRANSFER_ENCODING)) {
            f.transferEncoding = value;
            f.transferEncodings++;
          }
        }
        default -> {
          // not a field the policy reads
        }
      }
    }
    return f;
  }

  private static boolean is(CharSequence name, AsciiString expected) {
    return AsciiString.contentEqualsIgnoreCase(name, expected);
  }
}
