package dev.corral.scan.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * Pairs pipelined responses with the requests that asked for them, in order, keeping at most {@code
 * maxBody} bytes of each body. A silence longer than the read timeout, a close or bytes that are
 * not HTTP fail every request still waiting, each with a short reason.
 */
final class ResponseCollector extends SimpleChannelInboundHandler<HttpObject> {

  /** A request on the wire and the future its response completes. */
  record Pending(ProbeRequest request, CompletableFuture<ProbeResult> result) {}

  private final Queue<Pending> pending = new ArrayDeque<>();
  private final int maxBody;
  private HttpResponse head;
  private ByteArrayOutputStream body;
  private boolean truncated;

  ResponseCollector(int maxBody) {
    this.maxBody = maxBody;
  }

  void expect(Pending p) {
    pending.add(p);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (msg.decoderResult().isFailure()) {
      failAll("not-http");
      var unused = ctx.close();
      return;
    }
    if (msg instanceof HttpResponse response) {
      if (response.status().code() == 100) {
        return; // 100 Continue: the real answer follows
      }
      head = response;
      body = new ByteArrayOutputStream();
      truncated = false;
    }
    if (msg instanceof HttpContent content && head != null) {
      ByteBuf data = content.content();
      int room = maxBody - body.size();
      int take = Math.min(room, data.readableBytes());
      if (take > 0) {
        byte[] bytes = new byte[take];
        data.getBytes(data.readerIndex(), bytes);
        body.write(bytes, 0, take);
      }
      if (data.readableBytes() > take) {
        truncated = true;
      }
      if (msg instanceof LastHttpContent) {
        complete();
      }
    }
  }

  private void complete() {
    Pending p = pending.poll();
    HttpResponse response = head;
    head = null;
    if (p == null) {
      return;
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : response.headers()) {
      headers.add(Map.entry(h.getKey(), h.getValue()));
    }
    p.result()
        .complete(
            ProbeResult.of(
                p.request(),
                new ProbeResponse(
                    response.status().code(),
                    response.status().reasonPhrase(),
                    headers,
                    body.toByteArray(),
                    truncated)));
    body = null;
  }

  boolean idle() {
    return pending.isEmpty();
  }

  void failAll(String reason) {
    Pending p;
    while ((p = pending.poll()) != null) {
      p.result().complete(ProbeResult.failed(p.request(), reason));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && !pending.isEmpty()) {
      failAll("timeout");
      var unused = ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    failAll("closed");
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    failAll(cause instanceof javax.net.ssl.SSLException ? "tls-error" : "reset");
    var unused = ctx.close();
  }
}
