package dev.corral.core.vuln;

import java.util.Optional;

/**
 * The protections corral's gateway puts in front of Ollama. Advisories name the rules that
 * neutralise them, so an audit can say which findings a deployed gateway already covers. The ids
 * are part of the data format and of the gateway's configuration: never rename one.
 */
public enum GatewayRule implements WireId {
  AUTH_REQUIRED(
      "auth-required",
      "Every route needs a credential; anonymous requests are refused.",
      "dev.corral.gateway.auth.KeyRing"),
  ROLE_MODEL_MANAGEMENT(
      "role-model-management",
      "pull, push, create, copy, delete and blob uploads are only for admin keys.",
      "dev.corral.gateway.policy.RouteTable"),
  REGISTRY_ALLOWLIST(
      "registry-allowlist",
      "pull and push may only name allowlisted registries; URL-shaped and http:// names are"
          + " refused.",
      "dev.corral.gateway.policy.BodyJudge"),
  MANIFEST_DIGEST_FORMAT(
      "manifest-digest-format",
      "Every digest must be sha256:<64 hex>: blob paths and the files, adapters and blob"
          + " references of /api/create.",
      "dev.corral.gateway.policy.Digests"),
  CREATE_NO_LEGACY_PATHS(
      "create-no-legacy-paths",
      "/api/create refuses the legacy path and modelfile fields and their filesystem"
          + " references.",
      "dev.corral.gateway.policy.LegacyModelfile"),
  CREATE_NO_ZIP_IMPORT(
      "create-no-zip-import",
      "/api/create refuses zip model imports.",
      "dev.corral.gateway.policy.LegacyModelfile"),
  BLOB_GGUF_VALIDATION(
      "blob-gguf-validation",
      "Uploaded blobs are size-limited and must be well-formed GGUF: header, tensor infos and"
          + " data sizes consistent.",
      "dev.corral.gateway.policy.gguf.GgufInspector"),
  CHAT_IMAGE_VALIDATION(
      "chat-image-validation",
      "Images in chat and generate requests must decode as real images.",
      "dev.corral.gateway.policy.image.ImageCheck"),
  HOST_ORIGIN_CHECK(
      "host-origin-check",
      "The Host header must be allowlisted; a foreign or null Origin is refused.",
      "dev.corral.gateway.policy.HeaderCheck"),
  JSON_CONTENT_TYPE(
      "json-content-type",
      "JSON bodies must be sent as application/json, which blocks form-post CSRF.",
      "dev.corral.gateway.policy.HeaderCheck"),
  RATE_AND_QUOTA(
      "rate-and-quota",
      "Per-key request rates and quotas.",
      "dev.corral.gateway.limit.LocalLimiter"),
  EGRESS_REGISTRY_ONLY(
      "egress-registry-only",
      "The Ollama host may open outbound connections only to allowlisted registries.",
      "");

  private final String id;
  private final String description;
  private final String enforcedBy;

  GatewayRule(String id, String description, String enforcedBy) {
    this.id = id;
    this.description = description;
    this.enforcedBy = enforcedBy;
  }

  /** The stable kebab-case id, e.g. {@code auth-required}. */
  @Override
  public String id() {
    return id;
  }

  /** One line saying what the gateway enforces. */
  public String description() {
    return description;
  }

  /**
   * The gateway class that enforces the rule (fully qualified; core cannot link to it), or {@code
   * ""} when the rule is enforced outside the gateway, such as the Ollama host's egress firewall.
   */
  public String enforcedBy() {
    return enforcedBy;
  }

  public static Optional<GatewayRule> byId(String id) {
    return WireId.find(values(), id);
  }
}
