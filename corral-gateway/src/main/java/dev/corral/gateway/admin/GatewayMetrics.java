package dev.corral.gateway.admin;

import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.audit.AuditSink;
import dev.corral.gateway.http.ProxyMetrics;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gateway's Prometheus metrics. Requests, decisions and tokens are counted from the audit
 * events (so metrics and the audit log always agree); upstream latency and open streams come from
 * the data path directly. Key ids, never keys, label the token counter.
 */
public final class GatewayMetrics implements AuditSink, ProxyMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests =
      Counter.builder()
          .name("corral_gateway_requests_total")
          .help("Requests answered, by route and status")
          .labelNames("route", "status")
          .register(registry);
  private final Counter decisions =
      Counter.builder()
          .name("corral_gateway_decisions_total")
          .help("Policy decisions, by rule and outcome")
          .labelNames("rule", "allowed")
          .register(registry);
  private final Counter tokens =
      Counter.builder()
          .name("corral_gateway_tokens_total")
          .help("Tokens Ollama reported, by key id, model and kind (prompt or eval)")
          .labelNames("key_id", "model", "kind")
          .register(registry);
  private final Histogram upstreamLatency =
      Histogram.builder()
          .name("corral_gateway_upstream_latency_seconds")
          .help("Time from sending a request upstream to its response head, by route")
          .labelNames("route")
          .classicOnly()
          .classicUpperBounds(
              0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
              60)
          .register(registry);
  private final Gauge activeStreams =
      Gauge.builder()
          .name("corral_gateway_active_streams")
          .help("Streaming responses in progress")
          .register(registry);

  /** Route labels seen on forwarded requests; refused paths are chosen by clients, so bounded. */
  private final java.util.Set<String> knownRoutes =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private static final int MAX_ROUTES = 256;

  /*
   * The data points of each label combination, looked up once: the client library's own lookup
   * builds a list of the label values and hashes it on every call, three times a request. Routes
   * (bounded above, refused paths are "other"), statuses and rule ids are small, fixed sets.
   */
  private final Map<String, AtomicReferenceArray<CounterDataPoint>> requestPoints =
      new ConcurrentHashMap<>();
  private final Map<String, AtomicReferenceArray<CounterDataPoint>> decisionPoints =
      new ConcurrentHashMap<>();
  private final Map<String, DistributionDataPoint> latencyPoints = new ConcurrentHashMap<>();

  /** Labels these route patterns as themselves from the start, even before one is allowed. */
  public void knownRoutes(java.util.Collection<String> patterns) {
    for (String p : patterns) {
      if (knownRoutes.size() < MAX_ROUTES) {
        knownRoutes.add(p);
      }
    }
  }

  @Override
  public void record(AuditEvent e) {
    String route = e.route();
    if (e.allowed() && knownRoutes.size() < MAX_ROUTES) {
      knownRoutes.add(route);
    }
    if (!knownRoutes.contains(route)) {
      route = "other";
    }
    int status = e.status();
    if (status >= 0 && status < 600) {
      point(requestPoints, 600, requests, route, status, Integer.toString(status)).inc();
    } else {
      requests.labelValues(route, Integer.toString(status)).inc();
    }
    boolean allowed = e.allowed();
    point(decisionPoints, 2, decisions, e.rule(), allowed ? 1 : 0, Boolean.toString(allowed)).inc();
    String key = e.keyId() == null ? "" : e.keyId();
    String model = e.model() == null ? "" : e.model();
    if (e.promptTokens() > 0) {
      tokens.labelValues(key, model, "prompt").inc(e.promptTokens());
    }
    if (e.evalTokens() > 0) {
      tokens.labelValues(key, model, "eval").inc(e.evalTokens());
    }
  }

  /**
   * The data point of {@code counter} for ({@code first}, {@code second}), where {@code index}
   * numbers {@code second} below {@code size}.
   */
  private static CounterDataPoint point(
      Map<String, AtomicReferenceArray<CounterDataPoint>> cache,
      int size,
      Counter counter,
      String first,
      int index,
      String second) {
    AtomicReferenceArray<CounterDataPoint> points = cache.get(first);
    if (points == null) {
      points = cache.computeIfAbsent(first, k -> new AtomicReferenceArray<>(size));
    }
    CounterDataPoint p = points.get(index);
    if (p == null) {
      // The library hands out one data point per label values, so a race stores the same one.
      p = counter.labelValues(first, second);
      points.set(index, p);
    }
    return p;
  }

  /**
   * Exposes a count a part keeps itself (a sink's drops, the key ring's failed refreshes) as a
   * Prometheus counter, read at each scrape.
   */
  public void counter(String name, String help, java.util.function.DoubleSupplier value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.getAsDouble()))
        .register(registry);
  }

  /** Exposes a level a part keeps itself (a queue's length) as a gauge, read at each scrape. */
  public void gauge(String name, String help, java.util.function.DoubleSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(callback -> callback.call(value.getAsDouble()))
        .register(registry);
  }

  @Override
  public void close() {}

  @Override
  public void upstreamLatency(String route, long nanos) {
    DistributionDataPoint point = latencyPoints.get(route);
    if (point == null) {
      point = latencyPoints.computeIfAbsent(route, upstreamLatency::labelValues);
    }
    point.observe(nanos / 1e9);
  }

  @Override
  public void streamOpened() {
    activeStreams.inc();
  }

  @Override
  public void streamClosed() {
    activeStreams.dec();
  }

  /** The Prometheus text exposition of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
