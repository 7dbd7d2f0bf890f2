package dev.corral.core.ollama;

import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import java.util.Optional;

/**
 * Observable behaviours of the Ollama HTTP server and the release that brought (and, for some,
 * removed) each one. Read from {@code server/routes.go}, {@code api/types.go} and friends at every
 * release tag of ollama/ollama; see {@code ../shared/research/ollama-http-behaviour.md}.
 *
 * <p>The lab emulator asks "does this version have feature X?"; the scanner turns the same table
 * around and asks "which versions behave like this?". Keeping both on one table means a correction
 * here fixes the emulator and the fingerprinting at once.
 */
@SuppressWarnings("ImmutableEnumChecker") // OllamaVersion is a record of immutable parts
public enum OllamaFeature {
  VERSION_ROUTE("0.1.14", null, "GET/HEAD /api/version"),
  CHAT_ROUTE("0.1.14", null, "POST /api/chat"),
  OPENAI_CHAT("0.1.24", null, "POST /v1/chat/completions"),
  HOST_CHECK("0.1.29", null, "Host header check on loopback binds (fixes CVE-2024-28224)"),
  DIGEST_VALIDATION("0.1.34", null, "blob digests must match sha256:<64 hex> (CVE-2024-37032 fix)"),
  DONE_REASON("0.1.35", null, "done_reason in generate/chat responses"),
  TAGS_NULL_WHEN_EMPTY("0.1.35", "0.1.38", "/api/tags answers {\"models\":null} when empty"),
  TAGS_SORTED_BY_MTIME("0.1.35", null, "/api/tags lists the most recently modified first"),
  HOST_CHECK_OPTIONS_204("0.1.35", null, "OPTIONS with an allowed host name and no Origin: 204"),
  PS_ROUTE("0.1.38", null, "GET /api/ps"),
  TAGS_EXPIRES_AT("0.1.38", "0.1.42", "zero expires_at in /api/tags entries"),
  PULL_INVALID_MODEL_NAME("0.1.40", null, "POST /api/pull {} says 'invalid model name'"),
  APP_FILE_TAURI_ORIGINS("0.1.42", null, "app://, file://, tauri:// origins allowed by default"),
  LIST_MODEL_RESPONSE("0.1.42", null, "dedicated list/ps entry types (size_vram always in ps)"),
  SHOW_MODEL_INFO("0.1.45", null, "/api/show has model_info and modified_at"),
  SERVE_MUX("0.1.46", null, "requests pass Go's ServeMux: unclean paths get a 301"),
  OPENAI_COMPLETIONS_AND_MODELS("0.2.0", null, "/v1/completions, /v1/models, /v1/models/:model"),
  QUOTED_NOT_FOUND("0.2.2", null, "missing-model errors quote the name with %q"),
  EMBED_ROUTE("0.2.6", null, "POST /api/embed and /v1/embeddings"),
  EMBED_METRICS("0.3.1", null, "embed responses carry durations and prompt_eval_count"),
  GENERATE_SHORT_NOT_FOUND("0.4.0", null, "generate: model 'x' not found (no pull hint)"),
  VSCODE_WEBVIEW_ORIGIN("0.4.0", null, "vscode-webview:// origins allowed by default"),
  HOST_CHECK_CASE_INSENSITIVE("0.5.2", null, "Host check compares names case-insensitively"),
  CREATE_CAPITAL_MODELFILE("0.5.2", "0.5.5", "create error says 'path or Modelfile are required'"),
  CREATE_FILES_API("0.5.5", null, "create takes from/files; path and modelfile are gone"),
  REGISTRY_LOCAL_DELETE("0.5.13", "0.5.14-rc0", "DELETE /api/delete served outside Gin"),
  VSCODE_FILE_ORIGIN("0.5.13", null, "vscode-file:// origins allowed by default"),
  SHOW_TENSORS("0.6.1", null, "/api/show lists tensors"),
  SHOW_CAPABILITIES("0.6.4", null, "/api/show lists capabilities"),
  METHOD_NOT_ALLOWED("0.7.0", null, "405 with Allow instead of 404 for a wrong method"),
  THINKING("0.9.0", null, "thinking capability and fields"),
  PS_CONTEXT_LENGTH("0.10.0", null, "/api/ps entries carry context_length"),
  GENERATE_TOOL_CALLS("0.11.0", null, "tool_calls in generate responses"),
  CLOUD_ACCOUNT_ROUTES("0.12.0", null, "POST /api/me, DELETE /api/user/keys/:encodedKey"),
  CHAT_DONE_BEFORE_REASON("0.12.0", null, "chat lines put done before done_reason"),
  CHAT_SHORT_NOT_FOUND("0.12.0", null, "chat: model 'x' not found (no pull hint)"),
  SIGNOUT_ROUTE("0.12.1", null, "POST /api/signout"),
  STREAM_ERROR_STATUS("0.12.6", null, "streamed errors before the first line use the real status"),
  OPENAI_RESPONSES("0.13.3", null, "POST /v1/responses"),
  ANTHROPIC_MESSAGES("0.14.0", null, "POST /v1/messages"),
  IMAGES_GENERATIONS("0.14.3", "0.32.6", "POST /v1/images/generations"),
  REALM_HOST_CHECK("0.14.3", null, "registry auth realm must match the registry host"),
  IMAGES_EDITS("0.15.0", "0.32.6", "POST /v1/images/edits"),
  EXPERIMENTAL_ALIASES("0.15.5", "0.18.0", "GET/POST/DELETE /api/experimental/aliases"),
  STATUS_ROUTE("0.16.2", null, "GET /api/status"),
  TENSOR_SIZE_CHECK("0.17.1", null, "GGUF tensor sizes validated (CVE-2026-7482 fix)"),
  WEB_SEARCH_ROUTES("0.18.0", null, "POST /api/experimental/web_search and web_fetch"),
  OPENAI_TYPED_ERRORS("0.18.0", null, "OpenAI error type follows the status"),
  MODEL_REFERENCES("0.18.0", null, "model names parsed by internal/modelref (:local/:cloud)"),
  AUDIO_TRANSCRIPTIONS("0.20.0", null, "POST /v1/audio/transcriptions"),
  MODEL_RECOMMENDATIONS("0.22.1", null, "GET /api/experimental/model-recommendations"),
  CANONICAL_NOT_FOUND("0.30.0", null, "show: model 'x:latest' not found (canonical name)"),
  TAGS_CAPABILITIES("0.30.0", null, "/api/tags entries carry capabilities"),
  OPENAI_FINISH_CHUNK("0.32.6", null, "SSE streams end with a separate finish chunk");

  private final OllamaVersion since;
  private final OllamaVersion until;
  private final String description;

  OllamaFeature(String since, String until, String description) {
    this.since = OllamaVersion.parse(since);
    this.until = until == null ? null : OllamaVersion.parse(until);
    this.description = description;
  }

  /** First release with the behaviour. */
  public OllamaVersion since() {
    return since;
  }

  /** First release without it again, if it was removed. */
  public Optional<OllamaVersion> until() {
    return Optional.ofNullable(until);
  }

  public String description() {
    return description;
  }

  /** The versions that show this behaviour. */
  public VersionRange range() {
    return VersionRange.between(since, until);
  }

  /**
   * Whether {@code version} shows the behaviour. Pre-releases count as the release they lead to,
   * because features land on main before the first release candidate is tagged.
   */
  public boolean presentIn(OllamaVersion version) {
    OllamaVersion effective = version.isPreRelease() ? version.release() : version;
    return range().contains(effective);
  }
}
