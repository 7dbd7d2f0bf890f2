package dev.corral.gateway.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Decodes the upstream's responses. The gateway writes requests to the upstream as bytes ({@link
 * UpstreamRequest}), so no request encoder tells this decoder which answers carry no body, as
 * {@code HttpClientCodec} does: the exchange says so instead, before each request goes out.
 */
final class UpstreamResponseDecoder extends HttpResponseDecoder {
  private boolean answersHead;

  UpstreamResponseDecoder(HttpDecoderConfig config) {
    super(config);
  }

  /** The next response answers a HEAD request: its head may announce a body that never comes. */
  void expectAnswerTo(boolean head) {
    answersHead = head;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    // 1xx, 204 and 304 are the superclass's business; for those the next response is still due.
    return super.isContentAlwaysEmpty(msg) || answersHead;
  }
}
