package dev.corral.gateway.http;

import dev.corral.gateway.policy.ApiStyle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The gateway's own answers: Ollama's {@code {"error":"..."}} on {@code /api/*} (and every path
 * that is not {@code /v1/*}), OpenAI's {@code {"error":{"message","type","code"}}} on {@code
 * /v1/*}, with the headers each status needs (WWW-Authenticate on 401, Retry-After on 429 and 503).
 */
public final class ErrorReplies {
  /** The challenge sent with every 401. */
  public static final String CHALLENGE = "Bearer realm=\"corral\"";

  private ErrorReplies() {}

  /**
   * A complete error response.
   *
   * @param retryAfterSeconds the Retry-After value for 429 and 503, ignored otherwise
   */
  public static FullHttpResponse reply(
      ByteBufAllocator alloc,
      ApiStyle style,
      int status,
      String rule,
      String message,
      long retryAfterSeconds) {
    byte[] body = body(style, status, rule, message).getBytes(StandardCharsets.UTF_8);
    ByteBuf content = alloc.buffer(body.length).writeBytes(body);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set("x-content-type-options", "nosniff");
    if (status == 401) {
      response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, CHALLENGE);
    }
    if (status == 429 || status == 503) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, Math.max(1, retryAfterSeconds));
    }
    return response;
  }

  /** The JSON body alone. */
  public static String body(ApiStyle style, int status, String rule, String message) {
    String text = message == null || message.isEmpty() ? defaultMessage(status) : message;
    if (style == ApiStyle.OLLAMA) {
      return "{\"error\":" + quote(text) + "}";
    }
    return "{\"error\":{\"message\":"
        + quote(text)
        + ",\"type\":"
        + quote(openAiType(status))
        + ",\"param\":null,\"code\":"
        + quote(rule)
        + "}}";
  }

  /** OpenAI's error types, as its client libraries map them to exceptions. */
  static String openAiType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 502, 503, 504 -> "api_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  static String defaultMessage(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "authentication required";
      case 403 -> "forbidden";
      case 404 -> "not found";
      case 413 -> "request body too large";
      case 429 -> "too many requests";
      case 431 -> "request header fields too large";
      case 502 -> "upstream unavailable";
      case 504 -> "upstream timed out";
      default ->
          HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** A JSON string literal; escapes everything below 0x20, quotes, backslashes and non-ASCII. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
