package dev.corral.lab.ollama;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The banner, version, status and account/cloud routes. */
final class InfoRoutes {
  private InfoRoutes() {}

  static void root(GinContext c) {
    c.string(200, "Ollama is running");
  }

  static void version(GinContext c) {
    c.h(200, "version", c.persona.reportedVersion());
  }

  /** {@code GET /api/status} (v0.16.2+): cloud features not disabled, by nothing. */
  static void status(GinContext c) {
    Map<String, Object> cloud = new LinkedHashMap<>();
    cloud.put("disabled", false);
    cloud.put("source", "none");
    c.json(200, Map.of("cloud", cloud));
  }

  /**
   * {@code POST /api/me}: asks ollama.com who the server's key belongs to. The lab never leaves
   * loopback, so it answers like a server that is not signed in.
   */
  static void whoami(GinContext c) {
    c.h(
        401,
        "error",
        "unauthorized",
        "signin_url",
        "https://ollama.com/connect?name=" + c.persona.hostname() + "&key=lab");
  }

  static void signout(GinContext c) {
    c.error(401, "unauthorized");
  }

  /** {@code /api/experimental/web_search|web_fetch}: need an ollama.com account. */
  static void webExperimental(GinContext c) {
    c.error(401, "unauthorized");
  }

  static void modelRecommendations(GinContext c) {
    List<Map<String, Object>> list =
        List.of(
            recommendation("gemma3", "Google's Gemma 3, runs on a single GPU"),
            recommendation("qwen3", "Qwen 3 dense and mixture-of-experts models"));
    c.json(200, Map.of("recommendations", list));
  }

  private static Map<String, Object> recommendation(String model, String description) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("model", model);
    r.put("description", description);
    return r;
  }

  /** {@code GET /api/experimental/aliases} (v0.15.5 to v0.17.x). */
  static void aliases(GinContext c) {
    c.json(200, Map.of("aliases", List.of()));
  }
}
