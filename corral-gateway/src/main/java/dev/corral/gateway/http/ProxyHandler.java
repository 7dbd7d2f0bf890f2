package dev.corral.gateway.http;

import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.auth.ApiKeys;
import dev.corral.gateway.auth.AuthOutcome;
import dev.corral.gateway.auth.KeyMemo;
import dev.corral.gateway.limit.Admission;
import dev.corral.gateway.policy.ApiStyle;
import dev.corral.gateway.policy.BlobInspector;
import dev.corral.gateway.policy.BodyKind;
import dev.corral.gateway.policy.Caller;
import dev.corral.gateway.policy.ListingKind;
import dev.corral.gateway.policy.OllamaPolicy;
import dev.corral.gateway.policy.PolicyRules;
import dev.corral.gateway.policy.Preflight;
import dev.corral.gateway.policy.RequestHead;
import dev.corral.gateway.policy.Route;
import dev.corral.gateway.policy.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection (HTTP/1.1) or one HTTP/2 stream: authenticates, limits and judges each
 * request, reads its body as the route says, forwards exactly what was judged over a pooled
 * upstream connection, and streams the answer back chunk by chunk. Requests on a connection are
 * served one at a time, in order; pipelined ones wait with reading paused.
 *
 * <p>Everything runs on the connection's event loop, and the upstream connection is taken from the
 * same loop's pool, so no state here is shared between threads.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter implements UpstreamListener {
  /** A listing body larger than this is not one Ollama sends: refused rather than buffered. */
  private static final int MAX_LISTING = 16 << 20;

  /** Blob bytes held back while the inspector has not yet accepted the header. */
  private static final long MAX_HELD_BLOB = 64L << 20;

  private final DataPath path;
  private final boolean tls;
  private final ConnectionTimers timers;
  private final AtomicInteger inFlight;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Exchange ex;
  private boolean closing;
  private ScheduledFuture<?> upstreamTimer;
  private String clientText;

  /** The key this connection presented last, and its hash (HTTP/2: this stream's). */
  private final KeyMemo keyMemo = new KeyMemo();

  /**
   * @param timers the connection's slowloris timers, or null on an HTTP/2 stream
   * @param inFlight counts exchanges in progress, for a graceful shutdown
   */
  ProxyHandler(DataPath path, boolean tls, ConnectionTimers timers, AtomicInteger inFlight) {
    this.path = path;
    this.tls = tls;
    this.timers = timers;
    this.inFlight = inFlight;
  }

  /** One request and its answer. */
  private static final class Exchange {
    final long startNanos = System.nanoTime();
    final Instant time = Instant.now();
    HttpRequest request;
    RequestHead head;
    String rawPath;
    ApiStyle style = ApiStyle.OLLAMA;
    boolean keepAlive = true;
    boolean hasBody;
    long contentLength = -1;
    Caller caller;
    Verdict verdict;
    Route route;
    String model;
    boolean allowed;
    String rule = "allow";
    int status;
    boolean refused;
    boolean requestDone;
    ByteBuf json;

    /** The JSON body's length as judged: the prompt's share of a token estimate. */
    long jsonBytes;

    /** The JSON body is zstd-encoded: decoded, judged and forwarded plain ({@link ZstdBody}). */
    boolean zstd;

    /** Bytes of this request's body taken from {@link #budget}. */
    long reserved;

    /** The caller's share of the connections' shared {@link BodyMemory}; see {@link #budget}. */
    BodyBudget budget;

    long received;
    BlobInspector inspector;
    boolean blobAccepted;
    ArrayDeque<ByteBuf> held;
    long heldBytes;
    boolean forwarding;
    Channel upstream;
    boolean upstreamReused;
    boolean chunkedUpload;
    int attempts;
    boolean requestSent;
    boolean responseStarted;
    boolean responseDone;
    boolean upstreamKeepAlive;
    boolean streamOpen;
    CompositeByteBuf listingBody;
    HttpResponse listingHead;
    final TokenCounter tokens = new TokenCounter();
    long sentNanos;
    long lastUpstreamRead;
    String allow;
    String corsOrigin;
    long lastClientRead;
    ScheduledFuture<?> bodyTimer;
    boolean clientGone;
    boolean finished;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!queued.isEmpty() || (ex != null && ex.requestDone)) {
      // A pipelined request: it waits until the current answer is complete.
      queued.add(msg);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    try {
      if (closing) {
        // The connection is being closed (after a refusal, say): requests the decoder still had
        // buffered are not served.
        return;
      }
      if (msg instanceof HttpRequest request) {
        startRequest(request);
      }
      if (msg instanceof HttpContent content) {
        content(content);
      }
    } catch (RuntimeException bug) {
      // A part that broke its never-throw contract: answer 500 rather than drop the connection.
      Exchange e = ex;
      if (e != null && !e.finished && !e.responseStarted) {
        refuse(e, 500, "internal-error", "internal error", 0, true);
      } else {
        closing = true;
        ctx.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  // ---- the request ----

  private void startRequest(HttpRequest request) {
    Exchange e = new Exchange();
    ex = e;
    inFlight.incrementAndGet();
    if (timers != null) {
      timers.requestStarted();
    }
    e.request = request;
    e.rawPath = rawPath(request.uri());
    e.style = ApiStyle.forPath(e.rawPath);
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      e.hasBody = true;
      if (cause instanceof TooLongHttpHeaderException) {
        refuse(e, 431, "header-too-large", "request header fields too large", 0, true);
      } else if (cause instanceof TooLongHttpLineException) {
        refuse(e, 414, "request-line-too-long", "request line too long", 0, true);
      } else {
        refuse(e, 400, "http-malformed", "malformed HTTP request", 0, true);
      }
      return;
    }
    e.keepAlive = HttpUtil.isKeepAlive(request);
    e.hasBody =
        HttpUtil.isTransferEncodingChunked(request)
            || request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                && HttpUtil.getContentLength(request, 0L) > 0;
    if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      e.contentLength = HttpUtil.getContentLength(request, -1L);
    }
    e.head =
        new RequestHead(request.method().name(), request.uri(), request.headers(), client(), tls);

    // Preflights carry no credentials: the policy answers those it allows before any key check.
    Preflight preflight = e.hasBody ? null : path.judge().preflight(e.head);
    if (preflight != null) {
      answerPreflight(e, preflight);
      return;
    }
    e.corsOrigin = path.judge().corsOrigin(e.head);

    AuthOutcome auth = path.authenticator().authenticate(e.head, keyMemo);
    if (auth instanceof AuthOutcome.Refused r) {
      refuse(e, 401, r.rule(), r.message(), 0, false);
      return;
    }
    e.caller = ((AuthOutcome.Authenticated) auth).caller();
    Admission admission = path.limiter().admit(e.caller, System.currentTimeMillis());
    if (!admission.admitted()) {
      refuse(
          e,
          429,
          admission.rule(),
          Admission.QUOTA.equals(admission.rule())
              ? "this key has used its tokens for today"
              : "too many requests for this key",
          admission.retryAfterSeconds(),
          false);
      return;
    }
    Verdict v = path.judge().judgeHead(e.caller, e.head);
    e.verdict = v;
    e.route = v.route();
    e.model = v.model();
    if (!v.allowed()) {
      if (v.status() == 405 && path.judge() instanceof OllamaPolicy policy) {
        e.allow = policy.allowedMethods(e.head.target());
      }
      refuse(e, v.status(), v.rule(), v.message(), 0, false);
      return;
    }
    if (e.route == null) {
      refuse(e, 403, "route-unknown", "route not allowed", 0, false);
      return;
    }
    switch (e.route.body()) {
      case NONE -> {
        if (e.hasBody) {
          refuse(e, 400, "body-unexpected", "this route takes no request body", 0, true);
          return;
        }
      }
      case JSON -> {
        if (e.contentLength > path.limits().maxJsonBody()) {
          refuse(e, 413, "body-too-large", "request body too large", 0, true);
          return;
        }
        e.json = Unpooled.EMPTY_BUFFER;
        e.zstd = ZstdBody.declared(request.headers());
      }
      case BLOB -> {
        // Ollama's own client streams blobs chunked (Go sends no length for a file reader), and
        // an HTTP/2 body need not declare its length either.
        boolean http2 = timers == null;
        if (e.contentLength < 0 && !HttpUtil.isTransferEncodingChunked(request) && !http2) {
          refuse(e, 411, "length-required", "a blob upload needs a body", 0, true);
          return;
        }
        if (e.contentLength > path.limits().maxBlobBody()) {
          refuse(e, 413, "body-too-large", "blob too large", 0, true);
          return;
        }
        e.inspector = path.judge().inspectBlob(e.caller, e.head, e.contentLength);
        e.held = new ArrayDeque<>();
      }
    }
    if (e.hasBody && timers != null) {
      timers.bodyPending(true);
    }
    if (timers == null && !(request instanceof LastHttpContent)) {
      // HTTP/2: the connection has no per-request timers, so the stream watches its own body.
      e.lastClientRead = System.nanoTime();
      scheduleBodyCheck(e, path.limits().idleTimeout().toNanos());
    }
    if (e.hasBody && timers != null && HttpUtil.is100ContinueExpected(request)) {
      var unused =
          ctx.writeAndFlush(
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
  }

  private void content(HttpContent content) {
    Exchange e = ex;
    if (e == null) {
      return;
    }
    boolean last = content instanceof LastHttpContent;
    if (e.refused) {
      e.requestDone |= last;
      return;
    }
    if (content.decoderResult().isFailure()) {
      refuse(e, 400, "http-malformed", "malformed request body", 0, true);
      return;
    }
    if (last && timers != null) {
      timers.bodyPending(false);
    }
    e.lastClientRead = System.nanoTime();
    if (last && e.bodyTimer != null) {
      e.bodyTimer.cancel(false);
      e.bodyTimer = null;
    }
    ByteBuf data = content.content();
    e.received += data.readableBytes();
    switch (e.route.body()) {
      case NONE -> {
        if (data.isReadable()) {
          refuse(e, 400, "body-unexpected", "this route takes no request body", 0, true);
          return;
        }
        if (last) {
          e.requestDone = true;
          forward(e);
        }
      }
      case JSON -> {
        if (e.received > path.limits().maxJsonBody()) {
          refuse(e, 413, "body-too-large", "request body too large", 0, true);
          return;
        }
        if (data.isReadable()) {
          if (!reserve(e, data.readableBytes())) {
            return;
          }
          e.json = append(e, data, last);
        }
        if (last) {
          e.requestDone = true;
          judgeJson(e);
        }
      }
      case BLOB -> blobContent(e, data, last);
    }
  }

  /**
   * The body so far with one more piece. Most JSON bodies arrive whole in one piece, which is kept
   * as it came. A body in several pieces is copied into one buffer of its own: the pieces are
   * slices of the buffers the socket was read into, and a slow client sending a few bytes per read
   * would otherwise pin a whole read buffer for each of them.
   */
  private ByteBuf append(Exchange e, ByteBuf piece, boolean last) {
    ByteBuf body = e.json;
    if (!body.isReadable() && last) {
      body.release();
      return piece.retain();
    }
    if (!body.isReadable()) {
      body.release();
      long expected = e.contentLength > 0 ? e.contentLength : 4096;
      body = ctx.alloc().buffer((int) Math.min(expected, 1 << 20));
    }
    return body.writeBytes(piece);
  }

  /**
   * Takes {@code bytes} of body from the budget all connections share; when it is spent, refuses
   * the request (503) and closes the connection, and returns false.
   */
  private boolean reserve(Exchange e, int bytes) {
    if (!budget(e).reserve(bytes)) {
      refuse(e, 503, "body-memory", "the gateway is holding too many request bodies", 1, true);
      return false;
    }
    e.reserved += bytes;
    return true;
  }

  /**
   * The caller's share of the body budget, looked up when its first body byte arrives: most
   * requests have no body, and need no lookup.
   */
  private BodyBudget budget(Exchange e) {
    if (e.budget == null) {
      e.budget = path.bodyMemory().forKey(e.caller.keyId());
    }
    return e.budget;
  }

  private void judgeJson(Exchange e) {
    if (e.zstd) {
      judgeZstd(e);
      return;
    }
    byte[] body = ByteBufUtil.getBytes(e.json);
    e.jsonBytes = body.length;
    if (JudgeThreads.mayJudgeInline(body)) {
      judged(e, path.judge().judgeBody(e.caller, e.head, e.verdict, body));
      return;
    }
    // A large body, or one with images, is judged on a judge thread, so it cannot stall the loop's
    // other connections.
    Caller caller = e.caller;
    RequestHead head = e.head;
    Verdict headVerdict = e.verdict;
    offLoop(
        e,
        () -> {
          Verdict v = path.judge().judgeBody(caller, head, headVerdict, body);
          return new Judged(() -> judged(e, v), () -> {});
        });
  }

  /**
   * What a judge thread hands back: what to do on the loop, and what to give back instead if the
   * loop has stopped.
   */
  private record Judged(Runnable onLoop, Runnable ifLoopStopped) {}

  /**
   * Runs {@code work} on a judge thread, then what it hands back on this connection's loop; 503
   * when every judge thread is busy and the queue is full. The request is complete, so nothing else
   * of this exchange happens meanwhile; a client that goes away finishes the exchange, and what
   * comes back then finds it finished.
   */
  private void offLoop(Exchange e, java.util.function.Supplier<Judged> work) {
    EventExecutor loop = ctx.executor();
    boolean queued =
        path.judges()
            .submit(
                () -> {
                  Judged back = work.get();
                  try {
                    loop.execute(back.onLoop());
                  } catch (RejectedExecutionException shuttingDown) {
                    back.ifLoopStopped().run(); // its connections are closed already
                  }
                });
    if (!queued) {
      refuse(e, 503, "judge-busy", "the gateway is busy judging other requests", 1, false);
    }
  }

  /**
   * A zstd body is decoded and judged on a judge thread whatever its size: a few compressed KiB can
   * decode to {@code max_json_body}. The decoded bytes then take the compressed ones' place, so
   * what was judged is what goes upstream.
   */
  private void judgeZstd(Exchange e) {
    byte[] compressed = ByteBufUtil.getBytes(e.json);
    Caller caller = e.caller;
    RequestHead head = e.head;
    Verdict headVerdict = e.verdict;
    long max = path.limits().maxJsonBody();
    BodyBudget memory = budget(e);
    offLoop(
        e,
        () -> {
          ZstdBody.Outcome d = ZstdBody.decode(compressed, max, memory);
          Verdict v =
              d.body() == null ? null : path.judge().judgeBody(caller, head, headVerdict, d.body());
          return new Judged(() -> decoded(e, d, v), () -> d.release(memory));
        });
  }

  /** Back on the loop with a zstd body decoded (and judged), or refused. */
  private void decoded(Exchange e, ZstdBody.Outcome d, Verdict v) {
    if (e != ex || e.finished || e.refused || e.json == null) {
      d.release(e.budget);
      return;
    }
    switch (d.status()) {
      case DECODED -> {
        // The compressed bytes are done with; the decoded ones are held, and counted, instead.
        e.budget.release(e.reserved);
        e.json.release();
        e.json = Unpooled.wrappedBuffer(d.body());
        e.reserved = d.body().length;
        e.jsonBytes = d.body().length;
        judged(e, v);
      }
      case TOO_LARGE ->
          refuse(e, 413, PolicyRules.BODY_TOO_LARGE, "request body too large", 0, false);
      case NO_MEMORY -> refuse(e, 503, "body-memory", d.problem(), 1, true);
      case UNAVAILABLE -> refuse(e, 415, PolicyRules.BODY_ENCODING, d.problem(), 0, false);
      case CORRUPT -> refuse(e, 400, PolicyRules.BODY_ENCODING, d.problem(), 0, false);
    }
  }

  private void judged(Exchange e, Verdict v) {
    if (e != ex || e.finished) {
      return;
    }
    if (!v.allowed()) {
      refuse(e, v.status(), v.rule(), v.message(), 0, false);
      return;
    }
    if (v.model() != null) {
      e.model = v.model();
    }
    forward(e);
  }

  private void blobContent(Exchange e, ByteBuf data, boolean last) {
    if (e.received > path.limits().maxBlobBody()) {
      abort(e, 413, "body-too-large", "blob too large");
      return;
    }
    if (!e.blobAccepted) {
      BlobInspector.Progress p =
          data.isReadable() ? e.inspector.feed(data) : BlobInspector.Progress.NEED_MORE;
      if (p == BlobInspector.Progress.REFUSED) {
        Verdict v = e.inspector.refusal();
        refuse(e, v.status(), v.rule(), v.message(), 0, true);
        return;
      }
      if (!hold(e, data)) {
        return;
      }
      if (p == BlobInspector.Progress.ACCEPTED) {
        e.blobAccepted = true;
        e.requestDone = last;
        if (last && e.contentLength < 0 && e.received < e.inspector.minimumLength()) {
          refuse(
              e, 400, "blob-truncated", "the blob ended before its declared tensor data", 0, false);
          return;
        }
        forward(e);
        return;
      }
      if (last) {
        e.requestDone = true;
        Verdict v = e.inspector.endOfBody();
        refuse(e, v.status(), v.rule(), v.message(), 0, false);
        return;
      }
      if (e.heldBytes > MAX_HELD_BLOB) {
        refuse(e, 413, "blob-header-too-large", "blob header too large to check", 0, true);
      }
      return;
    }
    e.requestDone = last;
    if (last && e.contentLength < 0 && e.received < e.inspector.minimumLength()) {
      // A chunked body that ends before the tensors it declared: never send the final chunk.
      abort(e, 400, "blob-truncated", "the blob ended before its declared tensor data");
      return;
    }
    if (e.upstream == null) {
      var unused = hold(e, data);
      return;
    }
    if (data.isReadable()) {
      var unused = e.upstream.write(uploadPiece(e, data.retain()));
    }
    if (last) {
      endUpload(e, e.upstream);
      e.sentNanos = System.nanoTime();
    }
    e.upstream.flush();
    if (!e.upstream.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  /**
   * A piece of a blob upload as it goes upstream (framed as a chunk when the length is unknown).
   */
  private ByteBuf uploadPiece(Exchange e, ByteBuf data) {
    return e.chunkedUpload ? UpstreamRequest.chunk(ctx.alloc(), data) : data;
  }

  /** The whole upload has been written upstream. */
  private static void endUpload(Exchange e, Channel upstream) {
    if (e.chunkedUpload) {
      var unused = upstream.write(UpstreamRequest.lastChunk());
    }
    e.requestSent = true;
  }

  /** Keeps a piece of a blob upload until it can go upstream; false when refused for memory. */
  private boolean hold(Exchange e, ByteBuf data) {
    if (data.isReadable()) {
      if (!reserve(e, data.readableBytes())) {
        return false;
      }
      e.held.add(data.retain());
      e.heldBytes += data.readableBytes();
    }
    return true;
  }

  // ---- forwarding ----

  private void forward(Exchange e) {
    e.allowed = true;
    if (e.route.takesStreamSlot()) {
      if (!path.limiter().openStream(e.caller)) {
        e.allowed = false;
        refuse(e, 429, "stream-limit", "too many concurrent streams", 1, false);
        return;
      }
      e.streamOpen = true;
      path.metrics().streamOpened();
    }
    e.forwarding = true;
    if (e.route.body() == BodyKind.BLOB && !e.requestDone) {
      // Until the upstream connection is there, more of the upload would only pile up here.
      ctx.channel().config().setAutoRead(false);
    }
    connect(e);
  }

  private void connect(Exchange e) {
    e.attempts++;
    path.pool()
        .acquire(
            ctx.channel().eventLoop(),
            ch -> connected(e, ch),
            cause -> {
              if (e == ex && !e.finished) {
                refuse(e, 502, "upstream-unavailable", "the upstream is unreachable", 0, false);
              }
            });
  }

  private void connected(Exchange e, Channel ch) {
    if (e != ex || e.finished) {
      path.pool().release(ch);
      return;
    }
    e.upstream = ch;
    e.upstreamReused = ch.hasAttr(REUSED) && Boolean.TRUE.equals(ch.attr(REUSED).get());
    ch.attr(REUSED).set(Boolean.TRUE);
    HttpRequest in = e.request;
    HttpMethod method = in.method();
    UpstreamPool.handler(ch).attach(this, method.equals(HttpMethod.HEAD));
    BodyKind body = e.route.body();
    long length =
        switch (body) {
          case JSON -> e.json.readableBytes();
          // RFC 9110 8.6: a request whose method gives a body meaning says how long it is.
          case NONE ->
              method.equals(HttpMethod.POST)
                      || method.equals(HttpMethod.PUT)
                      || method.equals(HttpMethod.PATCH)
                  ? 0
                  : UpstreamRequest.NO_BODY;
          case BLOB -> e.contentLength >= 0 ? e.contentLength : UpstreamRequest.CHUNKED;
        };
    e.chunkedUpload = length == UpstreamRequest.CHUNKED;
    var unused =
        ch.write(
            UpstreamRequest.head(
                ctx.alloc(),
                method.name(),
                originForm(in.uri()),
                in.headers(),
                path.upstream().authority(),
                length));
    switch (body) {
      case JSON -> {
        if (e.json.isReadable()) {
          // Retained, not handed over: a retry on a fresh connection sends the same bytes again.
          var unused1 = ch.write(e.json.retainedDuplicate());
        }
        e.requestSent = true;
      }
      case NONE -> e.requestSent = true;
      case BLOB -> {
        ByteBuf b;
        while ((b = e.held.poll()) != null) {
          var unused2 = ch.write(uploadPiece(e, b));
        }
        e.heldBytes = 0;
        // Handed to the upstream connection, whose writability now holds the upload back.
        e.budget.release(e.reserved);
        e.reserved = 0;
        if (e.requestDone) {
          endUpload(e, ch);
        }
      }
    }
    ch.flush();
    if (!ch.isWritable()) {
      ctx.channel().config().setAutoRead(false);
    } else if (queued.isEmpty()) {
      ctx.channel().config().setAutoRead(true);
    }
    e.sentNanos = System.nanoTime();
    armUpstreamTimer(path.limits().upstreamTimeout().toNanos());
  }

  /**
   * Sets the upstream timer unless it is already set. One timer serves every exchange of the
   * connection in turn: it is never set later than the timeout from now, so it fires no later than
   * the deadline of any exchange that started after it was set, and then sets itself again for what
   * is left. A schedule and a cancellation per request would cost a task, a lambda and two
   * operations on the event loop's timer queue every time.
   */
  private void armUpstreamTimer(long delayNanos) {
    if (upstreamTimer == null) {
      upstreamTimer =
          ctx.executor().schedule(this::upstreamTimedOut, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private static final io.netty.util.AttributeKey<Boolean> REUSED =
      io.netty.util.AttributeKey.valueOf("corral.upstream.reused");

  private void scheduleBodyCheck(Exchange e, long delayNanos) {
    e.bodyTimer = ctx.executor().schedule(() -> checkBody(e), delayNanos, TimeUnit.NANOSECONDS);
  }

  /** A request body that stops arriving for the idle timeout ends the stream (HTTP/2). */
  private void checkBody(Exchange e) {
    e.bodyTimer = null;
    if (e != ex || e.finished || e.requestDone) {
      return;
    }
    long limit = path.limits().idleTimeout().toNanos();
    long quiet = System.nanoTime() - e.lastClientRead;
    if (quiet < limit) {
      scheduleBodyCheck(e, limit - quiet);
      return;
    }
    e.rule = "body-timeout";
    closing = true;
    finish(e, true);
  }

  private void upstreamTimedOut() {
    upstreamTimer = null;
    Exchange e = ex;
    if (e == null || e.finished || e.upstream == null) {
      // Nothing waits for the upstream now; the next exchange sets the timer again.
      return;
    }
    long limit = path.limits().upstreamTimeout().toNanos();
    if (e.responseStarted || e.listingBody != null) {
      // Answering, but maybe stalled: the same limit applies to the silence between pieces.
      long quiet = System.nanoTime() - e.lastUpstreamRead;
      if (quiet < limit) {
        armUpstreamTimer(limit - quiet);
        return;
      }
      e.rule = "upstream-stalled";
      dropUpstream(e);
      if (e.listingBody != null) {
        refuse(e, 504, "upstream-timeout", "the upstream did not answer in time", 0, false);
      } else {
        finish(e, true);
      }
      return;
    }
    // A long upload is not the upstream's delay: the clock starts once the request is all sent.
    long waited = System.nanoTime() - e.sentNanos;
    if (!e.requestSent || waited < limit) {
      armUpstreamTimer(e.requestSent ? limit - waited : limit);
      return;
    }
    dropUpstream(e);
    refuse(e, 504, "upstream-timeout", "the upstream did not answer in time", 0, false);
  }

  @Override
  public void upstreamRead(Object message) {
    try {
      Exchange e = ex;
      if (e == null || e.finished || e.upstream == null) {
        return;
      }
      e.lastUpstreamRead = System.nanoTime();
      if (message instanceof HttpResponse response) {
        if (!upstreamHead(e, response)) {
          return;
        }
      }
      if (message instanceof HttpContent content) {
        upstreamContent(e, content);
      }
    } finally {
      ReferenceCountUtil.release(message);
    }
  }

  /** Returns false when the head ended the exchange (or was an interim 1xx). */
  private boolean upstreamHead(Exchange e, HttpResponse response) {
    if (response.decoderResult().isFailure()) {
      dropUpstream(e);
      refuse(e, 502, "upstream-malformed", "the upstream sent a malformed answer", 0, false);
      return false;
    }
    int code = response.status().code();
    if (code >= 100 && code < 200) {
      return false;
    }
    path.metrics().upstreamLatency(label(e), System.nanoTime() - e.sentNanos);
    e.status = code;
    if (e.requestSent) {
      // Answered: the request will not be sent again, so its body need not be held any longer
      // (a long generation would otherwise keep its prompt and images counted as held).
      releaseBody(e);
    }
    e.upstreamKeepAlive = HttpUtil.isKeepAlive(response);
    if (e.route.listing() != ListingKind.NONE && code == 200) {
      e.listingHead = response;
      e.listingBody = ctx.alloc().compositeBuffer(64);
      return true;
    }
    // The upstream's head goes on to the client, stripped in place: no copy of its fields.
    HttpResponse out = response;
    ForwardHeaders.stripResponse(out.headers());
    // After stripping: a Content-Length the upstream named in Connection is gone, and the body is
    // then framed here.
    boolean lengthKnown = HttpUtil.isContentLengthSet(out);
    out.setProtocolVersion(HttpVersion.HTTP_1_1);
    cors(e, out.headers());
    boolean bodiless = e.request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
    if (!bodiless && !lengthKnown) {
      if (e.request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        e.keepAlive = false;
      } else {
        HttpUtil.setTransferEncodingChunked(out, true);
      }
    }
    if (!e.keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    e.responseStarted = true;
    var unused = ctx.write(out);
    return true;
  }

  private void upstreamContent(Exchange e, HttpContent content) {
    if (content.decoderResult().isFailure()) {
      upstreamClosed(content.decoderResult().cause());
      return;
    }
    ByteBuf data = content.content();
    boolean last = content instanceof LastHttpContent;
    if (e.listingBody != null) {
      if (e.listingBody.readableBytes() + data.readableBytes() > MAX_LISTING) {
        dropUpstream(e);
        refuse(e, 502, "upstream-malformed", "the upstream's listing is too large", 0, false);
        return;
      }
      if (data.isReadable()) {
        e.listingBody.addComponent(true, data.retain());
      }
      if (last) {
        upstreamDone(e);
        sendListing(e);
      }
      return;
    }
    boolean counting = e.route.reportsTokens();
    if (data.isReadable()) {
      if (counting) {
        e.tokens.feed(data);
      }
      var unused = ctx.write(new DefaultHttpContent(data.retain()));
    }
    if (last) {
      if (counting) {
        e.tokens.finish();
      }
      upstreamDone(e);
      e.responseDone = true;
      answerWritten();
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finish(e, false));
      return;
    }
    if (!ctx.channel().isWritable() && e.upstream != null) {
      // The client reads slower than Ollama writes: stop reading upstream until it catches up.
      ctx.flush();
      e.upstream.config().setAutoRead(false);
    }
  }

  private void sendListing(Exchange e) {
    byte[] upstreamBody = ByteBufUtil.getBytes(e.listingBody);
    e.listingBody.release();
    e.listingBody = null;
    byte[] filtered = path.judge().filterListing(e.caller, e.route, upstreamBody);
    HttpHeaders fields = e.listingHead.headers();
    ForwardHeaders.stripResponse(fields);
    FullHttpResponse out =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            e.listingHead.status(),
            Unpooled.wrappedBuffer(filtered),
            fields,
            EmptyHttpHeaders.INSTANCE);
    cors(e, out.headers());
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, filtered.length);
    if (!e.keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    e.listingHead = null;
    e.responseStarted = true;
    e.responseDone = true;
    answerWritten();
    ctx.writeAndFlush(out).addListener(f -> finish(e, false));
  }

  /** The upstream's answer is complete: its connection goes back to the pool if it can. */
  private void upstreamDone(Exchange e) {
    Channel ch = e.upstream;
    e.upstream = null;
    if (ch == null) {
      return;
    }
    if (e.upstreamKeepAlive && e.requestSent && ch.isActive()) {
      path.pool().release(ch);
    } else {
      UpstreamPool.handler(ch).detach();
      ch.close();
    }
  }

  /** Lets go of the upstream connection mid-exchange: closing it is what cancels the work. */
  private void dropUpstream(Exchange e) {
    Channel ch = e.upstream;
    e.upstream = null;
    if (ch != null) {
      UpstreamPool.handler(ch).detach();
      ch.close();
    }
  }

  @Override
  public void upstreamReadComplete() {
    ctx.flush();
  }

  @Override
  public void upstreamClosed(Throwable cause) {
    Exchange e = ex;
    if (e == null || e.finished || e.upstream == null) {
      return;
    }
    boolean retriable =
        e.upstreamReused
            && !e.responseStarted
            && e.listingBody == null
            && e.attempts < 2
            && e.route.body() != BodyKind.BLOB;
    dropUpstream(e);
    if (retriable) {
      // A kept-alive connection the upstream had already closed: try once on a fresh one.
      connect(e);
      return;
    }
    if (!e.responseStarted) {
      refuse(e, 502, "upstream-closed", "the upstream closed the connection", 0, false);
      return;
    }
    // Mid-stream: only a truncated answer can tell the client something went wrong.
    finish(e, true);
  }

  @Override
  public void upstreamWritabilityChanged(boolean writable) {
    if (writable && queued.isEmpty()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange e = ex;
    if (ctx.channel().isWritable() && e != null && e.upstream != null) {
      e.upstream.config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  // ---- endings ----

  private void refuse(
      Exchange e, int requested, String rule, String message, long retryAfter, boolean close) {
    // A refusal is an error status, whatever a part may have put in its verdict.
    int status = requested >= 400 && requested <= 599 ? requested : 403;
    e.refused = true;
    e.rule = rule;
    e.status = status;
    releaseBody(e);
    dropUpstream(e);
    boolean closeAfter = close || !e.keepAlive || (e.hasBody && !e.requestDone);
    FullHttpResponse response =
        ErrorReplies.reply(ctx.alloc(), e.style, status, rule, message, retryAfter);
    if (status == 405 && e.allow != null && !e.allow.isEmpty()) {
      response.headers().set(HttpHeaderNames.ALLOW, e.allow);
    }
    cors(e, response.headers());
    if (closeAfter) {
      closing = true;
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    e.responseStarted = true;
    e.responseDone = true;
    answerWritten();
    ctx.writeAndFlush(response).addListener(f -> finish(e, closeAfter));
  }

  /** A CORS preflight the policy allowed: answered here, never forwarded. */
  private void answerPreflight(Exchange e, Preflight p) {
    e.refused = true; // nothing of this request goes upstream; a trailing empty body is dropped
    e.rule = "cors-preflight";
    e.status = 204;
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
    HttpHeaders h = response.headers();
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, p.origin());
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, p.methods());
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, p.headers());
    h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, p.maxAgeSeconds());
    h.set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    boolean close = !e.keepAlive;
    if (close) {
      closing = true;
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    e.responseStarted = true;
    e.responseDone = true;
    answerWritten();
    ctx.writeAndFlush(response).addListener(f -> finish(e, close));
  }

  /** Names the request's origin to the browser when the policy allowed it, and only then. */
  private static void cors(Exchange e, HttpHeaders h) {
    if (e.corsOrigin != null) {
      h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, e.corsOrigin);
      h.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
  }

  /** The last of the answer goes to the socket now: from here the client's reading is timed. */
  private void answerWritten() {
    if (timers != null) {
      timers.answerWritten();
    }
  }

  /** Ends an exchange whose request turned out bad while it was already being forwarded. */
  private void abort(Exchange e, int status, String rule, String message) {
    if (!e.responseStarted) {
      refuse(e, status, rule, message, 0, true);
      return;
    }
    e.rule = rule;
    dropUpstream(e);
    finish(e, true);
  }

  private void releaseBody(Exchange e) {
    if (e.reserved > 0) {
      e.budget.release(e.reserved);
      e.reserved = 0;
    }
    if (e.json != null) {
      e.json.release();
      e.json = null;
    }
    if (e.held != null) {
      ByteBuf b;
      while ((b = e.held.poll()) != null) {
        b.release();
      }
    }
    if (e.listingBody != null) {
      e.listingBody.release();
      e.listingBody = null;
    }
  }

  private void finish(Exchange e, boolean close) {
    if (e.finished) {
      return;
    }
    e.finished = true;
    if (e.bodyTimer != null) {
      e.bodyTimer.cancel(false);
      e.bodyTimer = null;
    }
    releaseBody(e);
    dropUpstream(e);
    if (e.streamOpen) {
      e.streamOpen = false;
      path.limiter().closeStream(e.caller);
      path.metrics().streamClosed();
    }
    long charge = charge(e);
    if (charge > 0) {
      path.limiter().addTokens(e.caller, charge, System.currentTimeMillis());
    }
    audit(e);
    inFlight.decrementAndGet();
    if (ex == e) {
      ex = null;
    }
    if (close || !e.keepAlive || !e.responseDone || e.clientGone || (e.hasBody && !e.requestDone)) {
      closing = true;
      if (timers == null && e.responseDone && !e.clientGone && !e.requestDone) {
        // HTTP/2, answered before the whole request arrived (a refusal at the head): RFC 9113
        // section 8.1 has the server ask the client to stop sending with NO_ERROR, so the client
        // keeps the answer; the reset that closing alone sends (CANCEL) makes clients drop it.
        var unused = ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
      }
      ctx.close();
      return;
    }
    if (timers != null) {
      timers.requestFinished();
    }
    while (!queued.isEmpty() && (ex == null || !ex.requestDone)) {
      dispatch(queued.poll());
    }
    if (queued.isEmpty()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /**
   * Tokens to charge the key: Ollama's own counts, or an estimate when a model answered (or was
   * left working by a client that went away) and the counts never came. A request Ollama refused
   * costs nothing.
   */
  private static long charge(Exchange e) {
    if (!e.allowed || e.caller == null || e.route == null || !e.route.reportsTokens()) {
      return 0;
    }
    if (e.tokens.total() > 0) {
      return e.tokens.total();
    }
    boolean modelWorked = e.status == 200 || (e.status == 0 && e.requestSent);
    return modelWorked ? e.tokens.estimate(e.jsonBytes) : 0;
  }

  private void audit(Exchange e) {
    long micros = (System.nanoTime() - e.startNanos) / 1_000;
    String method = e.request == null ? "" : e.request.method().name();
    AuditEvent event =
        new AuditEvent(
            e.time,
            e.caller == null ? null : e.caller.keyId(),
            client(),
            method,
            label(e),
            e.model == null || ApiKeys.mayHoldKey(e.model) ? null : e.model,
            e.allowed,
            // Ended before any decision: the client went away or its connection failed.
            !e.allowed && "allow".equals(e.rule) ? "incomplete" : e.rule,
            e.clientGone ? 0 : e.status,
            e.tokens.promptTokens(),
            e.tokens.evalTokens(),
            micros);
    path.audit().record(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Exchange e = ex;
    if (e != null && !e.finished) {
      // The client went away: close the upstream connection now so Ollama stops generating.
      e.clientGone = !e.responseDone;
      finish(e, true);
    }
    Object m;
    while ((m = queued.poll()) != null) {
      ReferenceCountUtil.release(m);
    }
    if (upstreamTimer != null) {
      upstreamTimer.cancel(false);
      upstreamTimer = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Exchange e = ex;
    if (e != null && !e.finished && !e.allowed && "allow".equals(e.rule)) {
      e.rule = "connection-error"; // what the audit log says of a request that ended this way
    }
    ctx.close();
  }

  // ---- small helpers ----

  private String label(Exchange e) {
    if (e.route != null) {
      return e.route.pattern();
    }
    String p = e.rawPath == null ? "" : e.rawPath;
    if (ApiKeys.mayHoldKey(p)) {
      // A key pasted into the URL must not reach the logs or the metrics.
      return "(withheld)";
    }
    return p.length() > 200 ? p.substring(0, 200) : p;
  }

  /**
   * The client's address as the audit log writes it; the same for every request of a connection.
   */
  private String client() {
    if (clientText == null) {
      clientText = clientAddress();
    }
    return clientText;
  }

  private String clientAddress() {
    SocketAddress a = ctx.channel().remoteAddress();
    if (a instanceof InetSocketAddress i) {
      String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + i.getPort();
    }
    return String.valueOf(a);
  }

  /** The path of a request-target, for choosing the error style and labelling unmatched routes. */
  static String rawPath(String target) {
    String t = target;
    if (!t.startsWith("/")) {
      int scheme = t.indexOf("://");
      if (scheme >= 0) {
        int slash = t.indexOf('/', scheme + 3);
        t = slash < 0 ? "/" : t.substring(slash);
      }
    }
    int q = t.indexOf('?');
    return q < 0 ? t : t.substring(0, q);
  }

  /**
   * The target sent upstream: origin-form ({@code /path?query}) as judged; an absolute-form target
   * is reduced to its path and query, so the upstream never sees a client-chosen authority.
   */
  static String originForm(String target) {
    if (target.startsWith("/")) {
      return target;
    }
    int scheme = target.indexOf("://");
    if (scheme >= 0) {
      int slash = target.indexOf('/', scheme + 3);
      return slash < 0 ? "/" : target.substring(slash);
    }
    return "/";
  }
}
