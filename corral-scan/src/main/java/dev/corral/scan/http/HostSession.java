package dev.corral.scan.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One keep-alive connection to one host. Requests of a batch are pipelined (Go's server answers
 * them in order), so checking a host costs one connection and few round trips.
 */
public final class HostSession implements AutoCloseable {
  private final Channel channel;
  private final ResponseCollector collector;
  private final String hostHeader;
  private final String userAgent;
  private int sent;

  HostSession(Channel channel, ResponseCollector collector, String hostHeader, String userAgent) {
    this.channel = channel;
    this.collector = collector;
    this.hostHeader = hostHeader;
    this.userAgent = userAgent;
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  /** Requests sent on this connection so far. */
  public int sent() {
    return sent;
  }

  /** Sends the batch and completes with one result per request, in order. */
  public CompletableFuture<List<ProbeResult>> send(List<ProbeRequest> requests) {
    List<CompletableFuture<ProbeResult>> results = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      results.add(new CompletableFuture<>());
    }
    channel
        .eventLoop()
        .execute(
            () -> {
              for (int i = 0; i < requests.size(); i++) {
                ProbeRequest request = requests.get(i);
                if (!channel.isActive()) {
                  results.get(i).complete(ProbeResult.failed(request, "closed"));
                  continue;
                }
                collector.expect(new ResponseCollector.Pending(request, results.get(i)));
                var unused = channel.write(toNetty(request));
                sent++;
              }
              channel.flush();
            });
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
  }

  private FullHttpRequest toNetty(ProbeRequest request) {
    byte[] body = request.bodyBytes();
    FullHttpRequest r =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.valueOf(request.method()),
            request.path(),
            Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.HOST, hostHeader);
    r.headers().set(HttpHeaderNames.USER_AGENT, userAgent);
    r.headers().set(HttpHeaderNames.ACCEPT, "*/*");
    for (Map.Entry<String, String> h : request.headers()) {
      r.headers().set(h.getKey(), h.getValue());
    }
    if (body.length > 0 || request.method().equals("POST")) {
      r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    }
    return r;
  }

  @Override
  public void close() {
    var unused = channel.close();
  }
}
