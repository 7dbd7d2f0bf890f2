package dev.corral.scan.fingerprint;

import dev.corral.scan.http.ProbeResult;
import java.util.Locale;
import java.util.Optional;

/**
 * Servers that imitate parts of Ollama's API, and the tells that name them. Each tell is a
 * product's own endpoint or header, which an Ollama never sends.
 */
final class Lookalikes {
  private Lookalikes() {}

  static Optional<String> name(Observations o) {
    ProbeResult root = o.get(Probes.ROOT).orElse(null);
    String server = root != null && root.answered() ? lower(root.response().header("Server")) : "";
    String page = root != null && root.answered() ? lower(root.text()) : "";
    if (answers(o, Probes.KOBOLD_VERSION, "koboldcpp")
        || page.contains("koboldai")
        || server.contains("koboldserver")) {
      return Optional.of("koboldcpp");
    }
    if (answers(o, Probes.WEBUI_CONFIG, "open webui") || page.contains("<title>open webui")) {
      return Optional.of("open-webui");
    }
    if (answers(o, Probes.LITELLM_HEALTH, "i'm alive") || page.contains("litellm")) {
      return Optional.of("litellm");
    }
    if (server.contains("llama.cpp")
        || answers(o, Probes.LLAMACPP_PROPS, "default_generation_settings")
        || ownedBy(o, "llamacpp")) {
      return Optional.of("llama.cpp");
    }
    if (ownedBy(o, "vllm") || answers(o, Probes.V1_MODELS, "max_model_len")) {
      return Optional.of("vllm");
    }
    if (answers(o, Probes.LMSTUDIO_MODELS, "compatibility_type")
        || ownedBy(o, "organization_owner")) {
      return Optional.of("lm-studio");
    }
    if (page.contains("localai") || server.contains("localai")) {
      return Optional.of("localai");
    }
    return Optional.empty();
  }

  /** A look-alike is plausible: the Ollama API shapes appear without Ollama's own banner. */
  static boolean suspected(Observations o) {
    ProbeResult root = o.get(Probes.ROOT).orElse(null);
    if (root == null || !root.answered() || OllamaShapes.banner(root)) {
      return false;
    }
    boolean api =
        o.get(Probes.TAGS).map(OllamaShapes::tags).orElse(false)
            || o.get(Probes.VERSION)
                .map(r -> r.status() == 200 && r.text().contains("\"version\""))
                .orElse(false)
            || o.get(Probes.V1_MODELS).map(r -> r.status() == 200).orElse(false);
    String type = root.response().contentType();
    return api
        || type.startsWith("text/html")
        || lower(root.response().header("Server")).contains("uvicorn");
  }

  private static boolean answers(
      Observations o, dev.corral.scan.http.ProbeRequest request, String needle) {
    return o.get(request)
        .map(r -> r.status() == 200 && lower(r.text()).contains(needle))
        .orElse(false);
  }

  private static boolean ownedBy(Observations o, String owner) {
    return answers(o, Probes.V1_MODELS, "\"owned_by\":\"" + owner)
        || answers(o, Probes.V1_MODELS, "\"owned_by\": \"" + owner);
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
