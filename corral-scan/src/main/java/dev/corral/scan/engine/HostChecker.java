package dev.corral.scan.engine;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ScanState;
import dev.corral.scan.fingerprint.Classifier;
import dev.corral.scan.fingerprint.Identity;
import dev.corral.scan.fingerprint.Observations;
import dev.corral.scan.fingerprint.Probes;
import dev.corral.scan.fingerprint.VersionInference;
import dev.corral.scan.fingerprint.VersionProbe;
import dev.corral.scan.fingerprint.VersionProbes;
import dev.corral.scan.http.HostSession;
import dev.corral.scan.http.ProbeRequest;
import dev.corral.scan.http.ProbeResult;
import dev.corral.scan.http.ScanHttpClient;
import dev.corral.scan.record.HostFacts;
import dev.corral.scan.record.RecordBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks one host, asynchronously, in rounds on one keep-alive connection:
 *
 * <ol>
 *   <li>identify ({@code /}, {@code /api/version}, {@code /api/tags}, a missing path), pipelined;
 *   <li>for what looks like Ollama: inventory ({@code /api/ps}, {@code /v1/models}, the blob digest
 *       probe, a CORS preflight from a foreign origin);
 *   <li>for a suspected look-alike: the endpoints that name it;
 *   <li>when the version is hidden: version probes, most informative first, within the request
 *       budget;
 *   <li>optionally {@code --deep} and {@code --active}.
 * </ol>
 *
 * A host deadline bounds the whole check, so tarpits cost seconds, not minutes; whatever was learnt
 * before the deadline still makes the record.
 */
public final class HostChecker {
  private final ScanHttpClient client;
  private final RecordBuilder records;
  private final CheckOptions options;
  private final Clock clock;

  public HostChecker(
      ScanHttpClient client, RecordBuilder records, CheckOptions options, Clock clock) {
    this.client = client;
    this.records = records;
    this.options = options;
    this.clock = clock;
  }

  /** Never completes exceptionally: every outcome, failures included, is a record. */
  public CompletableFuture<HostRecord> check(ScanTarget target) {
    Visit visit = new Visit(target);
    CompletableFuture<HostRecord> result =
        client
            .connect(target.address(), target.tls(), target.hostHeader())
            .thenCompose(
                session -> {
                  visit.session = session;
                  return visit.run();
                })
            .handle(
                (facts, error) -> {
                  visit.close();
                  if (error != null) {
                    return visit.failure(error);
                  }
                  return records.build(visit.target, facts, clock.instant());
                });
    return result
        .orTimeout(client.settings().hostDeadline().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            error -> {
              visit.close();
              return records.build(
                  visit.target, visit.factsSoFar(ScanState.TIMEOUT), clock.instant());
            });
  }

  /** The state of one host's check. */
  private final class Visit {
    /** The target as checked: switches to https when the port turns out to speak only TLS. */
    volatile ScanTarget target;

    final Observations observations = new Observations();
    final String token = Long.toHexString(ThreadLocalRandom.current().nextLong());
    volatile HostSession session;
    Identity identity;
    String hostOverride;

    Visit(ScanTarget target) {
      this.target = target;
    }

    CompletableFuture<HostFacts> run() {
      return send(Probes.identify(token))
          .thenCompose(
              first ->
                  !target.tls() && TlsHints.plainHttpRefused(first)
                      ? upgradeToTls(first)
                      : CompletableFuture.completedFuture(first))
          .thenCompose(
              first ->
                  hostCheckBlocked()
                      ? retryAsLocalhost()
                      : CompletableFuture.completedFuture(first))
          .thenCompose(
              first -> {
                Optional<ProbeResult> root = observations.get(Probes.ROOT);
                if (root.map(r -> !r.answered()).orElse(true)) {
                  // Accepted but no HTTP answer: a tarpit or silent service times out, anything
                  // else that spoke is open but not HTTP.
                  boolean silent = root.map(r -> "timeout".equals(r.failure())).orElse(false);
                  return CompletableFuture.completedFuture(
                      facts(silent ? ScanState.TIMEOUT : ScanState.OPEN));
                }
                identity = classify();
                List<ProbeRequest> second = new ArrayList<>();
                if (identity.product() != null && !identity.product().equals("honeypot")) {
                  if (identity.ollama()
                      || identity.confidence() > 0
                      || identity.product().equals("ollama")) {
                    second.addAll(Probes.inventory());
                  }
                  if (!identity.ollama() && Classifier.lookalikeSuspected(observations)) {
                    second.addAll(Probes.lookalikes());
                  }
                }
                return send(budget(second.stream().map(this::withHost).toList()))
                    .thenCompose(
                        x -> {
                          identity = classify();
                          return versionAndExtras();
                        });
              });
    }

    /**
     * Ollama's DNS-rebinding guard answers a foreign Host with an empty 403 when it is bound to
     * loopback behind a same-host proxy. It is not access control: an attacker simply sends {@code
     * Host: localhost}, and so does the scanner, once.
     */
    private CompletableFuture<List<ProbeResult>> retryAsLocalhost() {
      hostOverride = "localhost";
      return send(Probes.identify(token).stream().map(this::withHost).toList())
          .thenApply(
              results -> {
                if (results.stream().anyMatch(r -> r.status() == 200)) {
                  observations.note(
                      "refuses its own address as Host but answers Host: localhost: Ollama's"
                          + " DNS-rebinding guard is not authentication");
                }
                return results;
              });
    }

    /**
     * The port refused plain HTTP the way TLS fronts do (Go's or nginx's 400, or a hang-up): ask
     * again over TLS on a new connection. If TLS gets no answer either, the plain results stand.
     */
    private CompletableFuture<List<ProbeResult>> upgradeToTls(List<ProbeResult> plain) {
      ScanTarget secure = target.withTls(true);
      return client
          .connect(secure.address(), true, secure.hostHeader())
          .thenCompose(
              s -> {
                HostSession old = session;
                session = s;
                if (old != null) {
                  old.close();
                }
                return s.send(Probes.identify(token));
              })
          .handle(
              (results, error) -> {
                if (error != null || results.stream().noneMatch(ProbeResult::answered)) {
                  HostSession s = session;
                  if (s != null) {
                    s.close(); // a later round reconnects in plain HTTP
                  }
                  return plain;
                }
                target = secure;
                results.forEach(this::record);
                observations.note(
                    "plain HTTP refused ("
                        + TlsHints.describe(plain)
                        + "): the port speaks TLS, checked over https");
                return results;
              });
    }

    private CompletableFuture<HostFacts> versionAndExtras() {
      if (!identity.ollama()) {
        return CompletableFuture.completedFuture(facts(ScanState.OPEN));
      }
      Optional<String> exact = observations.get(Probes.VERSION).flatMap(Classifier::exactVersion);
      CompletableFuture<Void> version =
          exact.isPresent() && !exact.get().equals("0.0.0")
              ? CompletableFuture.completedFuture(null)
              : inferVersion(new VersionInference(), 0);
      return version.thenCompose(v -> extras()).thenApply(v -> facts(ScanState.OPEN));
    }

    private VersionInference inference;

    private CompletableFuture<Void> inferVersion(VersionInference state, int round) {
      inference = state;
      if (round == 0) {
        state.observe(observations);
      }
      if (observations.requests() >= options.maxRequests() || state.candidates().size() <= 1) {
        return CompletableFuture.completedFuture(null);
      }
      List<String> asked = observations.all().stream().map(r -> r.request().label()).toList();
      Optional<VersionProbe> next = state.next(VersionProbes.all(), asked);
      if (next.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      VersionProbe probe = next.get();
      return send(List.of(withHost(probe.request())))
          .thenCompose(
              results -> {
                state.apply(probe, results.getFirst());
                return inferVersion(state, round + 1);
              });
    }

    private CompletableFuture<Void> extras() {
      List<ProbeRequest> more = new ArrayList<>();
      if (options.deep()) {
        for (String model :
            RecordBuilder.modelNames(observations).stream()
                .limit(CheckOptions.DEEP_MODELS)
                .toList()) {
          more.add(
              withHost(
                  ProbeRequest.post(
                      "/api/show",
                      "{\"model\":" + dev.corral.core.gojson.GoJsonWriter.encode(model) + "}")));
        }
      }
      if (options.active()) {
        RecordBuilder.modelNames(observations).stream()
            .findFirst()
            .ifPresent(
                model ->
                    more.add(
                        withHost(
                            ProbeRequest.post(
                                "/api/generate",
                                "{\"model\":"
                                    + dev.corral.core.gojson.GoJsonWriter.encode(model)
                                    + ",\"prompt\":\"What is 2+2?\",\"stream\":false}"))));
      }
      if (more.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      return send(more).thenApply(x -> null);
    }

    private Identity classify() {
      return Classifier.classify(observations, Probes.missing(token).label());
    }

    private boolean hostCheckBlocked() {
      if (hostOverride != null) {
        return false;
      }
      // An empty 403 without Server or challenge on / and /api/tags is Ollama's Host check.
      Optional<ProbeResult> tags = observations.get(Probes.TAGS);
      Optional<ProbeResult> root = observations.get(Probes.ROOT);
      return tags.isPresent()
          && root.isPresent()
          && tags.get().status() == 403
          && root.get().status() == 403
          && tags.get().response().body().length == 0
          && !tags.get().response().has("Server")
          && !tags.get().response().has("WWW-Authenticate");
    }

    /** The request with the Host override, if the host only answers to another name. */
    private ProbeRequest withHost(ProbeRequest request) {
      if (hostOverride == null) {
        return request;
      }
      List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
      headers.add(Map.entry("Host", hostOverride));
      return new ProbeRequest(request.method(), request.path(), headers, request.body());
    }

    private List<ProbeRequest> budget(List<ProbeRequest> wanted) {
      int room = options.maxRequests() - observations.requests();
      return wanted.subList(0, Math.max(0, Math.min(room, wanted.size())));
    }

    /** Sends a batch; if the server closed the connection part-way, resends the rest once. */
    private CompletableFuture<List<ProbeResult>> send(List<ProbeRequest> batch) {
      if (batch.isEmpty()) {
        return CompletableFuture.completedFuture(List.of());
      }
      return ensureSession()
          .thenCompose(s -> s.send(batch))
          .thenCompose(
              results -> {
                List<ProbeRequest> retry = new ArrayList<>();
                boolean someAnswered = false;
                for (ProbeResult r : results) {
                  if (r.answered()) {
                    someAnswered = true;
                    record(r);
                  } else if (someAnswered && "closed".equals(r.failure())) {
                    retry.add(r.request());
                  } else {
                    record(r);
                  }
                }
                if (retry.isEmpty()) {
                  return CompletableFuture.completedFuture(results);
                }
                return reconnect()
                    .thenCompose(s -> s.send(retry))
                    .thenApply(
                        again -> {
                          again.forEach(this::record);
                          return results;
                        });
              });
    }

    private void record(ProbeResult r) {
      // Keyed by method and path: a retry with Host: localhost replaces the refused answer.
      observations.add(r);
    }

    private CompletableFuture<HostSession> ensureSession() {
      HostSession s = session;
      if (s != null && s.isOpen()) {
        return CompletableFuture.completedFuture(s);
      }
      return reconnect();
    }

    private CompletableFuture<HostSession> reconnect() {
      HostSession old = session;
      if (old != null) {
        old.close();
      }
      ScanTarget t = target;
      return client
          .connect(t.address(), t.tls(), t.hostHeader())
          .thenApply(
              s -> {
                session = s;
                return s;
              });
    }

    HostFacts facts(ScanState state) {
      return new HostFacts(
          state,
          identity,
          observations,
          inference == null ? null : inference.range().orElse(null),
          inference != null && inference.candidates().isEmpty());
    }

    HostFacts factsSoFar(ScanState fallback) {
      boolean anything = observations.all().stream().anyMatch(ProbeResult::answered);
      if (anything && identity == null) {
        identity = classify();
      }
      return facts(anything ? ScanState.OPEN : fallback);
    }

    HostRecord failure(Throwable error) {
      Throwable cause =
          error instanceof java.util.concurrent.CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      ScanState state;
      if (cause instanceof ScanHttpClient.ConnectFailure failure) {
        state =
            switch (failure.getMessage()) {
              case "refused" -> ScanState.CLOSED;
              case "timeout" -> ScanState.TIMEOUT;
              default -> ScanState.ERROR;
            };
      } else if (cause instanceof TimeoutException) {
        state = ScanState.TIMEOUT;
      } else {
        state = ScanState.ERROR;
      }
      return records.build(target, factsSoFar(state), clock.instant());
    }

    void close() {
      HostSession s = session;
      if (s != null) {
        s.close();
      }
    }
  }
}
