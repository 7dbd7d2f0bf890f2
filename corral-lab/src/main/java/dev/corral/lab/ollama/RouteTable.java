package dev.corral.lab.ollama;

import dev.corral.core.ollama.OllamaFeature;
import dev.corral.core.version.OllamaVersion;

/**
 * The routes a version registers, in registration order (which fixes gin's method-tree order and so
 * the {@code Allow} header). The timeline is in {@link OllamaFeature}.
 */
final class RouteTable {
  private RouteTable() {}

  static Router forVersion(OllamaVersion v) {
    Router r = new Router();
    // HEAD "/" first: from v0.5.12 routes are grouped and HEAD is registered first; 405s (0.7.0+)
    // therefore list methods as HEAD, GET, POST, DELETE.
    r.add("HEAD", "/", InfoRoutes::root);
    r.add("GET", "/", InfoRoutes::root);
    if (OllamaFeature.VERSION_ROUTE.presentIn(v)) {
      r.add("HEAD", "/api/version", InfoRoutes::version);
      r.add("GET", "/api/version", InfoRoutes::version);
    }
    if (OllamaFeature.STATUS_ROUTE.presentIn(v)) {
      r.add("GET", "/api/status", InfoRoutes::status);
    }
    r.add("POST", "/api/pull", TransferRoutes::pull);
    r.add("POST", "/api/push", TransferRoutes::push);
    r.add("HEAD", "/api/tags", ModelRoutes::tags);
    r.add("GET", "/api/tags", ModelRoutes::tags);
    r.add("POST", "/api/show", ModelRoutes::show);
    r.add("DELETE", "/api/delete", ModelRoutes::delete);
    if (OllamaFeature.CLOUD_ACCOUNT_ROUTES.presentIn(v)) {
      r.add("POST", "/api/me", InfoRoutes::whoami);
    }
    if (OllamaFeature.SIGNOUT_ROUTE.presentIn(v)) {
      r.add("POST", "/api/signout", InfoRoutes::signout);
    }
    if (OllamaFeature.CLOUD_ACCOUNT_ROUTES.presentIn(v)) {
      r.add("DELETE", "/api/user/keys/:encodedKey", InfoRoutes::signout);
    }
    r.add("POST", "/api/create", TransferRoutes::create);
    r.add("POST", "/api/blobs/:digest", TransferRoutes::createBlob);
    r.add("HEAD", "/api/blobs/:digest", TransferRoutes::headBlob);
    r.add("POST", "/api/copy", ModelRoutes::copy);
    if (OllamaFeature.EXPERIMENTAL_ALIASES.presentIn(v)) {
      r.add("GET", "/api/experimental/aliases", InfoRoutes::aliases);
      r.add("POST", "/api/experimental/aliases", InfoRoutes::aliases);
      r.add("DELETE", "/api/experimental/aliases", InfoRoutes::aliases);
    }
    if (OllamaFeature.WEB_SEARCH_ROUTES.presentIn(v)) {
      r.add("POST", "/api/experimental/web_search", InfoRoutes::webExperimental);
      r.add("POST", "/api/experimental/web_fetch", InfoRoutes::webExperimental);
    }
    if (OllamaFeature.MODEL_RECOMMENDATIONS.presentIn(v)) {
      r.add("GET", "/api/experimental/model-recommendations", InfoRoutes::modelRecommendations);
    }
    if (OllamaFeature.PS_ROUTE.presentIn(v)) {
      r.add("GET", "/api/ps", ModelRoutes::ps);
    }
    r.add("POST", "/api/generate", InferenceRoutes::generate);
    if (OllamaFeature.CHAT_ROUTE.presentIn(v)) {
      r.add("POST", "/api/chat", InferenceRoutes::chat);
    }
    if (OllamaFeature.EMBED_ROUTE.presentIn(v)) {
      r.add("POST", "/api/embed", InferenceRoutes::embed);
    }
    r.add("POST", "/api/embeddings", InferenceRoutes::embeddings);
    if (OllamaFeature.OPENAI_CHAT.presentIn(v)) {
      r.add("POST", "/v1/chat/completions", OpenAiRoutes::chatCompletions);
    }
    if (OllamaFeature.OPENAI_COMPLETIONS_AND_MODELS.presentIn(v)) {
      r.add("POST", "/v1/completions", OpenAiRoutes::completions);
    }
    if (OllamaFeature.EMBED_ROUTE.presentIn(v)) {
      r.add("POST", "/v1/embeddings", OpenAiRoutes::embeddings);
    }
    if (OllamaFeature.OPENAI_COMPLETIONS_AND_MODELS.presentIn(v)) {
      r.add("GET", "/v1/models", OpenAiRoutes::models);
      r.add("GET", "/v1/models/:model", OpenAiRoutes::model);
    }
    if (OllamaFeature.OPENAI_RESPONSES.presentIn(v)) {
      r.add("POST", "/v1/responses", OpenAiRoutes::unsupported);
    }
    if (OllamaFeature.IMAGES_GENERATIONS.presentIn(v)) {
      r.add("POST", "/v1/images/generations", OpenAiRoutes::unsupported);
    }
    if (OllamaFeature.IMAGES_EDITS.presentIn(v)) {
      r.add("POST", "/v1/images/edits", OpenAiRoutes::unsupported);
    }
    if (OllamaFeature.AUDIO_TRANSCRIPTIONS.presentIn(v)) {
      r.add("POST", "/v1/audio/transcriptions", OpenAiRoutes::unsupported);
    }
    if (OllamaFeature.ANTHROPIC_MESSAGES.presentIn(v)) {
      r.add("POST", "/v1/messages", OpenAiRoutes::messages);
    }
    return r;
  }
}
