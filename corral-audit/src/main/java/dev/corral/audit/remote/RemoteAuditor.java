package dev.corral.audit.remote;

import static dev.corral.audit.remote.RemoteChecks.ADMIN_REFUSED_TO_KEY;
import static dev.corral.audit.remote.RemoteChecks.CORS_WILDCARD;
import static dev.corral.audit.remote.RemoteChecks.DIRECT_PORT_CLOSED;
import static dev.corral.audit.remote.RemoteChecks.INFERENCE_OPEN;
import static dev.corral.audit.remote.RemoteChecks.KEY_ACCEPTED;
import static dev.corral.audit.remote.RemoteChecks.MANAGEMENT_OPEN;
import static dev.corral.audit.remote.RemoteChecks.TLS;
import static dev.corral.audit.remote.RemoteChecks.UNAUTHENTICATED_API;
import static dev.corral.audit.remote.RemoteChecks.VERSION_HIDDEN;

import dev.corral.audit.advisory.VersionChecks;
import dev.corral.audit.check.Check;
import dev.corral.audit.check.Finding;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.version.InvalidVersionException;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.scan.engine.CheckOptions;
import dev.corral.scan.engine.HostChecker;
import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.http.ClientSettings;
import dev.corral.scan.http.HostSession;
import dev.corral.scan.http.ProbeResult;
import dev.corral.scan.http.ScanHttpClient;
import dev.corral.scan.record.Enrichment;
import dev.corral.scan.record.RecordBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Audits a running deployment from the outside: the scanner's fingerprint (is it Ollama, which
 * version or range), then the side-effect-free probes of {@link Probe}, without and with the key,
 * and the direct port when one is named.
 */
public final class RemoteAuditor implements AutoCloseable {
  private final RemoteOptions options;
  private final AdvisoryDatabase advisories;
  private final ScanHttpClient client;
  private final ClientSettings settings;

  public RemoteAuditor(RemoteOptions options, AdvisoryDatabase advisories) {
    this.options = options;
    this.advisories = advisories;
    this.settings = ClientSettings.defaults().withTimeout(options.timeout());
    this.client = new ScanHttpClient(settings, 1);
  }

  public List<Finding> audit() {
    RemoteTarget target = options.target();
    InetSocketAddress address = resolve(target);
    ScanTarget scanTarget =
        new ScanTarget(target.url(), address, target.hostHeader(), target.tls());
    Map<Probe, Answer> anonymous = probeAll(scanTarget, null);
    List<Finding> out = new ArrayList<>();
    Answer tags = anonymous.get(Probe.TAGS);
    if (!tags.answered() && !anonymous.get(Probe.ROOT).answered()) {
      String why = target.url() + " does not answer (" + tags.failure() + ")";
      for (Check c : RemoteChecks.ALL) {
        out.add(c == DIRECT_PORT_CLOSED ? direct() : c.skip(why));
      }
      out.add(VersionChecks.outdated("remote").skip(why));
      out.add(VersionChecks.unfixed("remote").skip(why));
      return out;
    }
    HostRecord fingerprint = fingerprint(scanTarget);
    boolean anonymousRefused = tags.refused();

    out.add(unauthenticated(anonymous, fingerprint, target));
    out.add(routes(INFERENCE_OPEN, anonymous, Probe.INFERENCE, "inference"));
    out.add(routes(MANAGEMENT_OPEN, anonymous, Probe.MANAGEMENT, "model-management"));
    out.add(cors(anonymous.get(Probe.CORS), fingerprint));
    out.add(
        target.tls()
            ? TLS.pass("served over https")
            : TLS.fail("served over plain http: keys and prompts cross the network in clear"));
    out.add(certificate(address, target));
    Answer version = anonymous.get(Probe.VERSION);
    Optional<OllamaVersion> shown = versionIn(version);
    out.add(
        shown.isPresent()
            ? VERSION_HIDDEN.fail("anonymous " + version.describe())
            : VERSION_HIDDEN.pass("anonymous " + version.describe()));

    boolean keyReachesManagement = false;
    Optional<OllamaVersion> keyVersion = Optional.empty();
    if (options.key().isPresent()) {
      Map<Probe, Answer> keyed = probeAll(scanTarget, options.authorization());
      Answer keyTags = keyed.get(Probe.TAGS);
      out.add(
          keyTags.reachedOllama() && keyTags.status() == 200
              ? KEY_ACCEPTED.pass("with the key: " + keyTags.describe())
              : KEY_ACCEPTED.fail("with the key: " + keyTags.describe()));
      List<Answer> management = Probe.MANAGEMENT.stream().map(keyed::get).toList();
      keyReachesManagement = management.stream().anyMatch(Answer::reachedOllama);
      String evidence =
          "with the key: "
              + management.stream().map(Answer::describe).collect(Collectors.joining("; "));
      if (options.adminKey()) {
        out.add(ADMIN_REFUSED_TO_KEY.skip("the key is an admin key (--admin-key); " + evidence));
      } else if (!keyTags.reachedOllama()) {
        out.add(ADMIN_REFUSED_TO_KEY.skip("the key does not work, so nothing can be said"));
      } else {
        out.add(
            keyReachesManagement
                ? ADMIN_REFUSED_TO_KEY.fail(evidence)
                : ADMIN_REFUSED_TO_KEY.pass(evidence));
      }
      keyVersion = versionIn(keyed.get(Probe.VERSION));
    } else {
      out.add(KEY_ACCEPTED.skip("no --key given"));
      out.add(ADMIN_REFUSED_TO_KEY.skip("no --key given"));
    }
    out.add(direct());

    Optional<OllamaVersion> known =
        shown.isPresent() ? shown : keyVersion.isPresent() ? keyVersion : options.declaredVersion();
    if (known.isEmpty() && fingerprint != null && fingerprint.version() != null) {
      known = parseVersion(fingerprint.version());
    }
    Optional<VersionRange> range = Optional.empty();
    if (known.isEmpty() && fingerprint != null && fingerprint.versionRange() != null) {
      try {
        range = Optional.of(VersionRange.parse(fingerprint.versionRange()));
      } catch (IllegalArgumentException e) {
        range = Optional.empty();
      }
    }
    // A front that refuses anonymous callers, and model management to ordinary keys, is what the
    // gateway rules for unfixed advisories amount to.
    boolean mitigated =
        anonymousRefused
            && !(options.key().isPresent() && !options.adminKey() && keyReachesManagement);
    out.addAll(new VersionChecks("remote", advisories).check(known, range, mitigated));
    return out.stream().map(f -> f.at(target.url())).toList();
  }

  /**
   * Passes only on a front's refusal: something that answers but is not Ollama (another web
   * application, a wrong port) proves nothing about the fix, so it is a warning.
   */
  private static Finding unauthenticated(
      Map<Probe, Answer> anonymous, HostRecord fingerprint, RemoteTarget target) {
    Finding routes = routes(UNAUTHENTICATED_API, anonymous, Probe.READ, "read");
    if (routes.status() == dev.corral.audit.check.Status.FAIL) {
      return routes;
    }
    List<Answer> reads = Probe.READ.stream().map(anonymous::get).toList();
    if (anonymous.get(Probe.TAGS).refused()) {
      return routes; // the front refuses; what it does with routes it does not know is its business
    }
    String product =
        fingerprint == null || fingerprint.product() == null
            ? ""
            : " (the scanner says: " + fingerprint.product() + ")";
    return UNAUTHENTICATED_API.warn(
        "what answers is neither an open Ollama nor a front that refuses"
            + product
            + ": "
            + reads.stream().map(Answer::describe).collect(Collectors.joining("; ")),
        speaksTls(fingerprint, target)
            ? "the server speaks TLS: audit https://" + target.hostHeader() + " instead"
            : "check that the URL is the Ollama API or the front in front of it (its root, not a"
                + " path)");
  }

  /** The scanner found TLS where the URL said http (it re-checks over https when refused). */
  private static boolean speaksTls(HostRecord fingerprint, RemoteTarget target) {
    return !target.tls() && fingerprint != null && "https".equals(fingerprint.scheme());
  }

  private static Finding routes(
      Check check, Map<Probe, Answer> answers, List<Probe> probes, String kind) {
    List<Answer> list = probes.stream().map(answers::get).toList();
    List<Answer> open = list.stream().filter(Answer::reachedOllama).toList();
    String evidence = list.stream().map(Answer::describe).collect(Collectors.joining("; "));
    if (!open.isEmpty()) {
      return check.fail(
          "without a credential, Ollama answers "
              + kind
              + " routes: "
              + open.stream().map(Answer::describe).collect(Collectors.joining("; ")));
    }
    return check.pass("without a credential: " + evidence);
  }

  private static Finding cors(Answer answer, HostRecord fingerprint) {
    String allowed =
        answer.response() == null ? null : answer.response().header("Access-Control-Allow-Origin");
    if (allowed != null && (allowed.equals("*") || allowed.equals(Probe.FOREIGN_ORIGIN))) {
      return CORS_WILDCARD.fail(
          "OPTIONS /api/tags with Origin "
              + Probe.FOREIGN_ORIGIN
              + " -> Access-Control-Allow-Origin: "
              + allowed);
    }
    if (fingerprint != null && Boolean.TRUE.equals(fingerprint.corsAnyOrigin())) {
      return CORS_WILDCARD.fail("the scanner saw Access-Control-Allow-Origin for any origin");
    }
    return CORS_WILDCARD.pass(
        "OPTIONS /api/tags with Origin "
            + Probe.FOREIGN_ORIGIN
            + " -> "
            + answer.status()
            + (allowed == null ? ", no Access-Control-Allow-Origin" : ", allows " + allowed));
  }

  private Finding certificate(InetSocketAddress address, RemoteTarget target) {
    if (!target.tls()) {
      return RemoteChecks.TLS_CERTIFICATE.skip("not served over TLS (see remote.tls)");
    }
    Optional<String> problem =
        CertificateCheck.problem(address, target.host(), options.caPem(), options.timeout());
    return problem.isEmpty()
        ? RemoteChecks.TLS_CERTIFICATE.pass(
            "the certificate chains to a trusted root, is valid now and names " + target.host())
        : RemoteChecks.TLS_CERTIFICATE.fail(
            "a client that checks certificates refuses it: " + problem.get());
  }

  private Finding direct() {
    if (options.direct().isEmpty()) {
      return DIRECT_PORT_CLOSED.skip("no --direct HOST:PORT given");
    }
    RemoteTarget d = options.direct().get();
    InetSocketAddress address = resolve(d);
    ScanTarget t = new ScanTarget(d.url(), address, d.hostHeader(), false);
    Answer root = send(t, Probe.ROOT, null);
    Answer tags = send(t, Probe.TAGS, null);
    if (!root.answered() && !tags.answered()) {
      return DIRECT_PORT_CLOSED.pass(
          d.hostHeader() + " not reachable from here (" + root.failure() + ")");
    }
    boolean ollama =
        tags.reachedOllama()
            || (root.answered() && root.response().text().strip().equals("Ollama is running"));
    if (ollama) {
      return DIRECT_PORT_CLOSED.fail(
          "Ollama answers directly at "
              + d.hostHeader()
              + ", around the front: "
              + tags.describe());
    }
    return DIRECT_PORT_CLOSED.warn(
        "something answers at "
            + d.hostHeader()
            + " but not Ollama without credentials: "
            + tags.describe());
  }

  private Map<Probe, Answer> probeAll(ScanTarget target, String authorization) {
    Map<Probe, Answer> out = new EnumMap<>(Probe.class);
    for (Probe p : Probe.values()) {
      out.put(p, send(target, p, authorization));
    }
    return out;
  }

  /** One probe on its own connection, so a front that closes after an error spoils nothing. */
  private Answer send(ScanTarget target, Probe probe, String authorization) {
    long deadline = settings.hostDeadline().toMillis();
    HostSession session = null;
    try {
      session =
          client
              .connect(target.address(), target.tls(), target.hostHeader())
              .get(deadline, TimeUnit.MILLISECONDS);
      ProbeResult r =
          session
              .send(List.of(probe.request(authorization)))
              .get(deadline, TimeUnit.MILLISECONDS)
              .get(0);
      return new Answer(probe, r.response(), r.failure());
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Answer(probe, null, String.valueOf(cause.getMessage()));
    } catch (TimeoutException e) {
      return new Answer(probe, null, "timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(probe, null, "interrupted");
    } finally {
      if (session != null) {
        session.close();
      }
    }
  }

  /** The scanner's view: Ollama or not, version or inferred range. Null when it fails. */
  private HostRecord fingerprint(ScanTarget target) {
    HostChecker checker =
        new HostChecker(
            client,
            new RecordBuilder(advisories, Enrichment.NONE),
            CheckOptions.defaults(),
            Clock.systemUTC());
    try {
      return checker
          .check(target)
          .get(settings.hostDeadline().toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Optional<OllamaVersion> versionIn(Answer answer) {
    if (!answer.reachedOllama() || answer.status() != 200) {
      return Optional.empty();
    }
    return answer
        .json()
        .map(j -> j.path("version").asText(""))
        .filter(v -> !v.isEmpty())
        .flatMap(RemoteAuditor::parseVersion);
  }

  private static Optional<OllamaVersion> parseVersion(String text) {
    try {
      return Optional.of(OllamaVersion.parse(text));
    } catch (InvalidVersionException e) {
      return Optional.empty();
    }
  }

  private static InetSocketAddress resolve(RemoteTarget target) {
    try {
      return new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "cannot resolve '" + target.host().toLowerCase(Locale.ROOT) + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
