package dev.corral.gateway.policy;

import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoObject;
import dev.corral.core.vuln.GatewayRule;
import dev.corral.gateway.policy.image.ImageCheck;
import dev.corral.gateway.policy.model.ModelGlobs;
import dev.corral.gateway.policy.model.ModelName;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a strict-JSON body route by route: every field Ollama reads a model from (in any version)
 * goes through the key's allowlist, and the virtual patches look at the fields the advisories
 * abuse. Field lookups use Go's case-insensitive matching, as Ollama's decoder does.
 */
final class BodyJudge {

  private final List<String> registries;
  private final boolean allowCloud;

  BodyJudge(PolicySettings settings) {
    this.registries = settings.registries();
    this.allowCloud = settings.allowCloudRoutes();
  }

  /** The allowed verdict, with the canonical model, or a refusal. */
  Verdict judge(Route route, GoObject body, ModelGlobs globs) {
    try {
      // A fresh image check per request: it keeps the request's decoding budget.
      ModelName model = judgeRoute(route.pattern(), body, globs, new ImageCheck());
      return Verdict.allow(route, model == null ? null : model.canonical());
    } catch (Refusal refusal) {
      return refusal.verdict(route);
    } catch (ImageCheck.BadImageException bad) {
      return Verdict.deny(400, GatewayRule.CHAT_IMAGE_VALIDATION.id(), bad.getMessage(), route);
    }
  }

  private ModelName judgeRoute(String pattern, GoObject body, ModelGlobs globs, ImageCheck images)
      throws Refusal, ImageCheck.BadImageException {
    return switch (pattern) {
      case "/api/generate" -> {
        ModelName model = required(body, globs, "model");
        images.checkBase64List(body.field("images"), "images");
        yield model;
      }
      case "/api/chat" -> {
        ModelName model = required(body, globs, "model");
        for (Object message : array(body, "messages")) {
          if (message instanceof GoObject m) {
            images.checkBase64List(m.field("images"), "messages[].images");
          }
        }
        yield model;
      }
      case "/api/embed", "/api/embeddings", "/v1/completions", "/v1/embeddings" ->
          required(body, globs, "model");
      case "/api/show", "/api/delete" -> modelOrName(body, globs);
      case "/api/pull", "/api/push" -> {
        ModelName model = modelOrName(body, globs);
        registryAllowed(model, pattern.substring(5));
        registryAllowed(optional(body, globs, "name"), pattern.substring(5));
        if (body.field("insecure").filter(Boolean.TRUE::equals).isPresent()) {
          throw new Refusal(
              403, GatewayRule.REGISTRY_ALLOWLIST.id(), "insecure registries are not allowed");
        }
        yield model;
      }
      case "/api/create" -> create(body, globs);
      case "/api/copy" -> {
        ModelName source = required(body, globs, "source");
        ModelName destination = required(body, globs, "destination");
        registryAllowed(destination, "copy");
        yield source;
      }
      case "/v1/chat/completions" -> {
        ModelName model = required(body, globs, "model");
        for (Object message : array(body, "messages")) {
          if (message instanceof GoObject m
              && m.field("content").orElse(null) instanceof List<?> parts) {
            for (Object part : parts) {
              if (part instanceof GoObject p) {
                images.checkOpenAiImageUrl(p.field("image_url"));
              }
            }
          }
        }
        yield model;
      }
      case "/v1/responses" -> {
        ModelName model = required(body, globs, "model");
        noWebSearchTools(body.array("tools"));
        images.checkResponsesInput(body.field("input"));
        yield model;
      }
      case "/v1/messages" -> {
        ModelName model = required(body, globs, "model");
        noWebSearchTools(body.array("tools"));
        for (Object message : array(body, "messages")) {
          if (message instanceof GoObject m
              && m.field("content").orElse(null) instanceof List<?> blocks) {
            images.checkAnthropicBlocks(blocks);
          }
        }
        yield model;
      }
      case "/api/experimental/web_search", "/api/experimental/web_fetch" -> null;
      default -> throw new Refusal(404, PolicyRules.ROUTE_UNKNOWN, "no body rules for this route");
    };
  }

  /**
   * /api/create in both shapes: up to v0.5.4 {@code name|model, path, modelfile}; from v0.5.5
   * {@code model, from, files, adapters, ...}.
   */
  private ModelName create(GoObject body, ModelGlobs globs) throws Refusal {
    ModelName destination = modelOrName(body, globs);
    registryAllowed(destination, "create");
    registryAllowed(optional(body, globs, "name"), "create");
    if (nonEmpty(body, "path")) {
      throw new Refusal(
          403,
          GatewayRule.CREATE_NO_LEGACY_PATHS.id(),
          "the legacy path field of /api/create is not allowed");
    }
    Optional<Object> modelfile = body.field("modelfile");
    if (modelfile.isPresent() && modelfile.get() != GoJsonReader.NULL) {
      if (!(modelfile.get() instanceof String text)) {
        throw new Refusal(400, PolicyRules.JSON_AMBIGUOUS, "modelfile must be a string");
      }
      for (String base : LegacyModelfile.baseModels(text)) {
        // Ollama pulls a FROM model it does not have: the registry allowlist applies.
        registryAllowed(allowedName(base, "modelfile FROM", globs), "create FROM");
      }
    }
    Optional<Object> from = body.field("from");
    if (from.isPresent() && from.get() != GoJsonReader.NULL) {
      if (!(from.get() instanceof String text)) {
        throw new Refusal(400, PolicyRules.JSON_AMBIGUOUS, "from must be a string");
      }
      if (!text.isEmpty()) {
        if (LegacyModelfile.looksLikePath(text)) {
          throw new Refusal(
              403,
              text.toLowerCase(Locale.ROOT).endsWith(".zip")
                  ? GatewayRule.CREATE_NO_ZIP_IMPORT.id()
                  : GatewayRule.CREATE_NO_LEGACY_PATHS.id(),
              "from must name a model, not a file");
        }
        // Ollama pulls a base model it does not have: the registry allowlist applies.
        registryAllowed(allowedName(text, "from", globs), "create from");
      }
    }
    for (String field : List.of("files", "adapters", "draft_files")) {
      checkFileDigests(body, field);
    }
    if (!allowCloud && nonEmpty(body, "remote_host")) {
      throw new Refusal(
          403, GatewayRule.REGISTRY_ALLOWLIST.id(), "remote_host models are not allowed");
    }
    return destination;
  }

  /** {@code files}-style maps: file name to {@code sha256:<64 hex>}, names without paths. */
  private static void checkFileDigests(GoObject body, String field) throws Refusal {
    Optional<Object> value = body.field(field);
    if (value.isEmpty() || value.get() == GoJsonReader.NULL) {
      return;
    }
    if (!(value.get() instanceof GoObject files)) {
      throw new Refusal(400, PolicyRules.JSON_AMBIGUOUS, field + " must be an object");
    }
    for (Map.Entry<String, Object> entry : files.entries()) {
      String name = entry.getKey();
      if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
        throw new Refusal(
            403, GatewayRule.CREATE_NO_ZIP_IMPORT.id(), "zip model imports are not allowed");
      }
      if (name.isEmpty()
          || name.contains("/")
          || name.contains("\\")
          || name.equals(".")
          || name.equals("..")
          || name.indexOf('\0') >= 0) {
        throw new Refusal(
            403,
            GatewayRule.CREATE_NO_LEGACY_PATHS.id(),
            field + " names must be plain file names");
      }
      if (!(entry.getValue() instanceof String digest) || !Digests.isSha256(digest)) {
        throw new Refusal(
            400,
            GatewayRule.MANIFEST_DIGEST_FORMAT.id(),
            field + " values must be digests sha256:<64 hex>");
      }
    }
  }

  /** {@code model}, falling back to the deprecated {@code name}: both, when present, must pass. */
  private ModelName modelOrName(GoObject body, ModelGlobs globs) throws Refusal {
    ModelName model = optional(body, globs, "model");
    ModelName name = optional(body, globs, "name");
    if (model == null && name == null) {
      throw new Refusal(400, PolicyRules.MODEL_NAME_INVALID, "model is required");
    }
    return model != null ? model : name;
  }

  private ModelName required(GoObject body, ModelGlobs globs, String field) throws Refusal {
    ModelName model = optional(body, globs, field);
    if (model == null) {
      throw new Refusal(400, PolicyRules.MODEL_NAME_INVALID, field + " is required");
    }
    return model;
  }

  /** The field's model, checked; null when absent, null or empty. */
  private ModelName optional(GoObject body, ModelGlobs globs, String field) throws Refusal {
    Optional<Object> value = body.field(field);
    if (value.isEmpty() || value.get() == GoJsonReader.NULL) {
      return null;
    }
    if (!(value.get() instanceof String text)) {
      throw new Refusal(400, PolicyRules.MODEL_NAME_INVALID, field + " must be a string");
    }
    if (text.isEmpty()) {
      return null;
    }
    return allowedName(text, field, globs);
  }

  private ModelName allowedName(String text, String field, ModelGlobs globs) throws Refusal {
    ModelName name =
        ModelName.parse(text)
            .orElseThrow(
                () ->
                    new Refusal(
                        400, PolicyRules.MODEL_NAME_INVALID, "invalid model name in " + field));
    if (!name.scheme().isEmpty()) {
      throw new Refusal(
          403, GatewayRule.REGISTRY_ALLOWLIST.id(), "model names may not carry a URL scheme");
    }
    if (!allowCloud && name.isCloud()) {
      throw new Refusal(403, PolicyRules.ROUTE_FORBIDDEN, "cloud models are not allowed");
    }
    if (!globs.allows(name)) {
      throw new Refusal(
          403, PolicyRules.MODEL_NOT_ALLOWED, "model not allowed for this key: " + name);
    }
    return name;
  }

  /**
   * The built-in web search tool of /v1/messages (Ollama 0.16.2 and later: any tool whose type
   * starts with {@code web_search}) and of /v1/responses (0.32.10 and later: type {@code
   * web_search}) makes Ollama search through ollama.com with the server's identity, with a query
   * the prompt chooses: the same reach as /api/experimental/web_search, so the same setting allows
   * it. Namespace tools nest tools; those are looked at too.
   */
  private void noWebSearchTools(List<Object> tools) throws Refusal {
    if (allowCloud) {
      return;
    }
    for (Object tool : tools) {
      if (!(tool instanceof GoObject t)) {
        continue;
      }
      if (t.field("type").orElse(null) instanceof String type
          && type.strip().toLowerCase(Locale.ROOT).startsWith("web_search")) {
        throw new Refusal(
            403,
            PolicyRules.ROUTE_FORBIDDEN,
            "web search tools reach ollama.com and are not allowed");
      }
      noWebSearchTools(t.array("tools"));
    }
  }

  private void registryAllowed(ModelName name, String what) throws Refusal {
    if (name == null) {
      return;
    }
    for (String registry : registries) {
      if (registry.equalsIgnoreCase(name.host())) {
        return;
      }
    }
    throw new Refusal(
        403,
        GatewayRule.REGISTRY_ALLOWLIST.id(),
        what + " may only name models on allowlisted registries");
  }

  private static boolean nonEmpty(GoObject body, String field) {
    Optional<Object> value = body.field(field);
    return value.isPresent()
        && value.get() != GoJsonReader.NULL
        && !(value.get() instanceof String s && s.isEmpty());
  }

  private static List<Object> array(GoObject body, String field) {
    return body.array(field);
  }
}
