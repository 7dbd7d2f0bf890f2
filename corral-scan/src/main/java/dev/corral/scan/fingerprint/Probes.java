package dev.corral.scan.fingerprint;

import dev.corral.scan.http.ProbeRequest;
import java.util.List;

/**
 * The scanner's requests. All are read-only or fail early without side effects (see
 * ollama-http-behaviour.md section 9); none pulls, pushes, creates, deletes or copies.
 */
public final class Probes {
  private Probes() {}

  public static final ProbeRequest ROOT = ProbeRequest.get("/");
  public static final ProbeRequest VERSION = ProbeRequest.get("/api/version");
  public static final ProbeRequest TAGS = ProbeRequest.get("/api/tags");
  public static final ProbeRequest PS = ProbeRequest.get("/api/ps");
  public static final ProbeRequest V1_MODELS = ProbeRequest.get("/v1/models");
  public static final ProbeRequest BLOB = ProbeRequest.head("/api/blobs/sha256:0");

  /** An origin no default allows: only {@code OLLAMA_ORIGINS=*} (or a wildcard list) accepts it. */
  public static final String FOREIGN_ORIGIN = "http://corral-probe.invalid";

  public static final ProbeRequest CORS_FOREIGN = ProbeRequest.options("/api/tags", FOREIGN_ORIGIN);

  /** A path no server has: Gin answers its plain-text 404, honeypots often answer 200. */
  public static ProbeRequest missing(String token) {
    return ProbeRequest.get("/corral-" + token);
  }

  /** First round: identify. Pipelined on one connection. */
  public static List<ProbeRequest> identify(String token) {
    return List.of(ROOT, VERSION, TAGS, missing(token));
  }

  /** Second round, for what looks like Ollama: inventory, exposure details, the digest probe. */
  public static List<ProbeRequest> inventory() {
    return List.of(PS, V1_MODELS, BLOB, CORS_FOREIGN);
  }

  /** Endpoints that name look-alike products unambiguously. */
  public static final ProbeRequest KOBOLD_VERSION = ProbeRequest.get("/api/extra/version");

  public static final ProbeRequest WEBUI_CONFIG = ProbeRequest.get("/api/config");
  public static final ProbeRequest LITELLM_HEALTH = ProbeRequest.get("/health/liveliness");
  public static final ProbeRequest LLAMACPP_PROPS = ProbeRequest.get("/props");
  public static final ProbeRequest LMSTUDIO_MODELS = ProbeRequest.get("/api/v0/models");
  public static final ProbeRequest VLLM_VERSION = ProbeRequest.get("/version");

  public static List<ProbeRequest> lookalikes() {
    return List.of(
        KOBOLD_VERSION,
        WEBUI_CONFIG,
        LITELLM_HEALTH,
        LLAMACPP_PROPS,
        LMSTUDIO_MODELS,
        VLLM_VERSION);
  }
}
