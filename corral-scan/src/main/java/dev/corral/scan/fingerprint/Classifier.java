package dev.corral.scan.fingerprint;

import dev.corral.core.scan.AuthStatus;
import dev.corral.scan.http.ProbeResult;
import java.util.Optional;

/**
 * Decides what a host is from independent signals, never from the banner alone: look-alikes
 * (KoboldCpp, Open WebUI) copy {@code /api/tags} and {@code /api/version}, honeypots copy the
 * banner and answer every path, and auth fronts hide everything behind 401.
 */
public final class Classifier {
  private Classifier() {}

  /** Weight of each Ollama-only signal; they add up to more than 1 on purpose. */
  static final double BANNER = 0.35;

  static final double GIN_404 = 0.15;
  static final double VERSION = 0.15;
  static final double TAGS = 0.3;
  static final double BLOB = 0.25;
  static final double NO_SERVER = 0.05;

  /** Enough agreeing signals to call it Ollama. */
  static final double OLLAMA_THRESHOLD = 0.6;

  public static Identity classify(Observations o, String missingLabel) {
    ProbeResult root = o.get(Probes.ROOT).orElse(null);
    ProbeResult version = o.get(Probes.VERSION).orElse(null);
    ProbeResult tags = o.get(Probes.TAGS).orElse(null);
    ProbeResult missing = o.get(missingLabel).orElse(null);
    ProbeResult blob = o.get(Probes.BLOB).orElse(null);
    if (root == null || !root.answered()) {
      return new Identity(null, false, 0, AuthStatus.UNKNOWN);
    }
    double score = 0;
    if (OllamaShapes.banner(root)) {
      score += BANNER;
    }
    if (missing != null && OllamaShapes.ginNotFound(missing)) {
      score += GIN_404;
    }
    if (version != null && OllamaShapes.versionJson(version)) {
      score += VERSION;
    }
    if (tags != null && OllamaShapes.tags(tags)) {
      score += TAGS;
    }
    if (blob != null && OllamaShapes.blobProbe(blob)) {
      score += BLOB;
    }
    if (!root.response().has("Server") && score > 0) {
      score += NO_SERVER;
    }

    AuthStatus auth = auth(root, version, tags);
    // Clear Ollama (every signal agreed) needs no look-alike check; anything less gets one.
    Optional<String> lookalike =
        score < OLLAMA_THRESHOLD + BLOB ? Lookalikes.name(o) : Optional.empty();
    if (lookalike.isPresent()) {
      return new Identity(
          lookalike.get(),
          false,
          0.9,
          auth == AuthStatus.REQUIRED ? AuthStatus.REQUIRED : AuthStatus.NONE);
    }
    // Honeypots answer a path nothing serves with Ollama's banner or API, or accept the digest
    // probe. (Web apps that answer unknown paths with their HTML index are not honeypots.)
    boolean bannerEverywhere = missing != null && OllamaShapes.bannerText(missing);
    boolean apiEverywhere =
        missing != null && missing.status() == 200 && missing.text().startsWith("{\"models\"");
    if (bannerEverywhere || apiEverywhere || (blob != null && blob.status() == 200)) {
      o.note("answers paths that do not exist: a honeypot or catch-all, not Ollama");
      return new Identity("honeypot", false, Math.min(0.9, 0.5 + score / 2), AuthStatus.UNKNOWN);
    }

    if (score >= OLLAMA_THRESHOLD) {
      boolean apiAnswered =
          (tags != null && OllamaShapes.tags(tags))
              || (version != null && OllamaShapes.versionJson(version));
      return new Identity(
          "ollama", true, Math.min(0.99, 0.4 + score / 2), apiAnswered ? AuthStatus.NONE : auth);
    }
    if (auth == AuthStatus.REQUIRED) {
      // Fenced: the banner may still show (some fronts leave / open), the API does not answer.
      boolean banner = OllamaShapes.bannerText(root);
      return new Identity(
          banner ? "ollama" : "http", banner, banner ? 0.6 : 0.3, AuthStatus.REQUIRED);
    }
    if (score > 0) {
      return new Identity("ollama", false, Math.min(0.5, score), auth);
    }
    return new Identity("http", false, 0.5, auth);
  }

  /** A look-alike is plausible: worth asking the endpoints that name one. */
  public static boolean lookalikeSuspected(Observations o) {
    return Lookalikes.suspected(o);
  }

  /** The version {@code /api/version} states, when it answers in Ollama's exact shape. */
  public static Optional<String> exactVersion(ProbeResult r) {
    return OllamaShapes.version(r);
  }

  /**
   * REQUIRED when the API answers 401, or 403 with a challenge or a proxy's page; Ollama's own
   * Host-check 403 has an empty body and is not authentication.
   */
  static AuthStatus auth(ProbeResult root, ProbeResult version, ProbeResult tags) {
    for (ProbeResult r : new ProbeResult[] {tags, version, root}) {
      if (r == null || !r.answered()) {
        continue;
      }
      if (r.status() == 401 || r.status() == 407) {
        return AuthStatus.REQUIRED;
      }
      if (r.status() == 403
          && (r.response().has("WWW-Authenticate") || r.response().body().length > 0)) {
        return AuthStatus.REQUIRED;
      }
    }
    return AuthStatus.UNKNOWN;
  }
}
