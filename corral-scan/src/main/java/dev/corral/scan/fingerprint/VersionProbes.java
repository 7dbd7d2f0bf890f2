package dev.corral.scan.fingerprint;

import static dev.corral.core.ollama.OllamaFeature.ANTHROPIC_MESSAGES;
import static dev.corral.core.ollama.OllamaFeature.APP_FILE_TAURI_ORIGINS;
import static dev.corral.core.ollama.OllamaFeature.AUDIO_TRANSCRIPTIONS;
import static dev.corral.core.ollama.OllamaFeature.CANONICAL_NOT_FOUND;
import static dev.corral.core.ollama.OllamaFeature.CLOUD_ACCOUNT_ROUTES;
import static dev.corral.core.ollama.OllamaFeature.DIGEST_VALIDATION;
import static dev.corral.core.ollama.OllamaFeature.EMBED_ROUTE;
import static dev.corral.core.ollama.OllamaFeature.GENERATE_SHORT_NOT_FOUND;
import static dev.corral.core.ollama.OllamaFeature.IMAGES_GENERATIONS;
import static dev.corral.core.ollama.OllamaFeature.METHOD_NOT_ALLOWED;
import static dev.corral.core.ollama.OllamaFeature.OPENAI_CHAT;
import static dev.corral.core.ollama.OllamaFeature.OPENAI_COMPLETIONS_AND_MODELS;
import static dev.corral.core.ollama.OllamaFeature.OPENAI_RESPONSES;
import static dev.corral.core.ollama.OllamaFeature.PS_ROUTE;
import static dev.corral.core.ollama.OllamaFeature.PULL_INVALID_MODEL_NAME;
import static dev.corral.core.ollama.OllamaFeature.SERVE_MUX;
import static dev.corral.core.ollama.OllamaFeature.STATUS_ROUTE;
import static dev.corral.core.ollama.OllamaFeature.VERSION_ROUTE;
import static dev.corral.core.ollama.OllamaFeature.VSCODE_FILE_ORIGIN;
import static dev.corral.core.ollama.OllamaFeature.VSCODE_WEBVIEW_ORIGIN;
import static dev.corral.core.ollama.OllamaFeature.WEB_SEARCH_ROUTES;

import dev.corral.core.ollama.CorsProfile;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.core.version.OllamaVersion;
import dev.corral.scan.http.ProbeRequest;
import dev.corral.scan.http.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The version signals of ollama-http-behaviour.md section 9.2 as probes. Route existence is read
 * only from Gin's own 404/405 bodies, so a proxy's error page never counts as evidence.
 */
public final class VersionProbes {
  private VersionProbes() {}

  /** Name of the random model the probes ask for; no server has it. */
  static final String NO_SUCH_MODEL = "corral-probe-nosuch";

  public static List<VersionProbe> all() {
    List<VersionProbe> probes = new ArrayList<>();
    probes.add(
        VersionProbe.binary(
            "blob-digest",
            Probes.BLOB,
            DIGEST_VALIDATION::presentIn,
            r -> r.status() == 400,
            r -> r.status() == 404));
    probes.add(postOnlyRouteByGet("method-not-allowed", "/api/generate", v -> true));
    probes.add(
        getRoute(
            "ps-route",
            Probes.PS,
            PS_ROUTE,
            r -> r.status() == 200 && r.text().startsWith("{\"models\":")));
    probes.add(
        getRoute(
            "v1-models",
            Probes.V1_MODELS,
            OPENAI_COMPLETIONS_AND_MODELS,
            r -> r.status() == 200 && r.text().contains("\"object\":\"list\"")));
    probes.add(getRoute("version-route", Probes.VERSION, VERSION_ROUTE, OllamaShapes::versionJson));
    probes.add(
        getRoute(
            "status-route",
            ProbeRequest.get("/api/status"),
            STATUS_ROUTE,
            r -> r.status() == 200 && r.text().contains("\"cloud\"")));
    probes.add(
        VersionProbe.binary(
            "serve-mux",
            ProbeRequest.get("//api/version"),
            SERVE_MUX::presentIn,
            r -> r.status() == 301,
            OllamaShapes::ginNotFound));
    probes.add(
        VersionProbe.binary(
            "openai-chat",
            ProbeRequest.post("/v1/chat/completions", ""),
            OPENAI_CHAT::presentIn,
            r -> r.status() == 400 && r.text().contains("\"error\""),
            OllamaShapes::ginNotFound));
    probes.add(
        VersionProbe.binary(
            "embed-route",
            ProbeRequest.post("/api/embed", ""),
            EMBED_ROUTE::presentIn,
            r -> r.status() == 400 && r.text().contains("missing request body"),
            OllamaShapes::ginNotFound));
    probes.add(postOnlyRouteByGet("me-route", "/api/me", CLOUD_ACCOUNT_ROUTES::presentIn));
    probes.add(postOnlyRouteByGet("responses-route", "/v1/responses", OPENAI_RESPONSES::presentIn));
    probes.add(postOnlyRouteByGet("messages-route", "/v1/messages", ANTHROPIC_MESSAGES::presentIn));
    probes.add(
        postOnlyRouteByGet(
            "images-route", "/v1/images/generations", IMAGES_GENERATIONS::presentIn));
    probes.add(
        postOnlyRouteByGet(
            "web-search-route", "/api/experimental/web_search", WEB_SEARCH_ROUTES::presentIn));
    probes.add(
        postOnlyRouteByGet(
            "audio-route", "/v1/audio/transcriptions", AUDIO_TRANSCRIPTIONS::presentIn));
    probes.add(
        VersionProbe.binary(
            "pull-empty",
            ProbeRequest.post("/api/pull", "{}"),
            PULL_INVALID_MODEL_NAME::presentIn,
            r -> r.status() == 400 && r.text().contains("invalid model name"),
            r -> r.status() == 400 && r.text().contains("model is required")));
    probes.add(
        VersionProbe.binary(
            "generate-empty",
            ProbeRequest.post("/api/generate", "{}"),
            GENERATE_SHORT_NOT_FOUND::presentIn,
            r -> r.status() == 404 && r.text().contains("model '' not found"),
            r -> r.status() == 400 && r.text().contains("model is required")));
    probes.add(
        VersionProbe.binary(
            "show-canonical",
            ProbeRequest.post("/api/show", "{\"model\":\"" + NO_SUCH_MODEL + "\"}"),
            CANONICAL_NOT_FOUND::presentIn,
            r -> r.status() == 404 && r.text().contains(NO_SUCH_MODEL + ":latest"),
            r -> r.status() == 404 && r.text().contains("'" + NO_SUCH_MODEL + "'")));
    probes.add(origin("tauri-origin", "tauri://corral", APP_FILE_TAURI_ORIGINS));
    probes.add(origin("vscode-webview-origin", "vscode-webview://corral", VSCODE_WEBVIEW_ORIGIN));
    probes.add(origin("vscode-file-origin", "vscode-file://corral", VSCODE_FILE_ORIGIN));
    probes.add(corsBands());
    return probes;
  }

  /** A GET route: 200 in its shape means present; Gin's 404 or 405 means absent. */
  private static VersionProbe getRoute(
      String name, ProbeRequest request, OllamaFeature feature, Predicate<ProbeResult> shape) {
    return VersionProbe.binary(
        name,
        request,
        feature::presentIn,
        shape,
        r -> OllamaShapes.ginNotFound(r) || OllamaShapes.ginMethodNotAllowed(r));
  }

  /**
   * A POST-only route probed with GET: from 0.7.0 Gin answers 405 where the route exists and 404
   * where it does not; before 0.7.0 every such GET is a 404.
   */
  private static VersionProbe postOnlyRouteByGet(
      String name, String path, Predicate<OllamaVersion> exists) {
    Predicate<OllamaVersion> answers405 = v -> METHOD_NOT_ALLOWED.presentIn(v) && exists.test(v);
    return VersionProbe.binary(
        name,
        ProbeRequest.get(path),
        answers405,
        OllamaShapes::ginMethodNotAllowed,
        OllamaShapes::ginNotFound);
  }

  /** A preflight from an origin the release may or may not allow by default. */
  private static VersionProbe origin(String name, String origin, OllamaFeature feature) {
    return VersionProbe.binary(
        name,
        ProbeRequest.options("/api/tags", origin),
        feature::presentIn,
        r -> r.status() == 204 && origin.equals(r.response().header("Access-Control-Allow-Origin")),
        r -> r.status() == 403 && r.response().body().length == 0);
  }

  /** The preflight's Access-Control-Allow-Headers value names one of seven release bands. */
  private static VersionProbe corsBands() {
    List<Predicate<OllamaVersion>> groups = new ArrayList<>();
    for (CorsProfile.AllowHeadersBand band : CorsProfile.ALLOW_HEADERS) {
      groups.add(v -> band.versions().contains(release(v)));
    }
    return new VersionProbe(
        "cors-allow-headers",
        ProbeRequest.options("/api/tags", "http://localhost"),
        groups,
        r -> {
          String value = r.answered() ? r.response().header("Access-Control-Allow-Headers") : null;
          if (r.status() != 204 || value == null) {
            return Optional.empty();
          }
          for (CorsProfile.AllowHeadersBand band : CorsProfile.ALLOW_HEADERS) {
            if (band.value().equals(value)) {
              return Optional.of(v -> band.versions().contains(release(v)));
            }
          }
          return Optional.of(v -> false);
        });
  }

  private static OllamaVersion release(OllamaVersion v) {
    return v.isPreRelease() ? v.release() : v;
  }
}
