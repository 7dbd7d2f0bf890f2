package dev.corral.audit.remote;

import dev.corral.scan.http.ProbeRequest;
import java.util.List;
import java.util.Map;

/**
 * The side-effect-free requests the remote audit sends (ollama-http-behaviour.md section 9): reads,
 * and model-management and inference requests that Ollama refuses before doing any work (an empty
 * or unknown model name). Never a pull with a name, a delete, a copy or a push.
 */
enum Probe {
  ROOT("GET", "/", ""),
  TAGS("GET", "/api/tags", ""),
  PS("GET", "/api/ps", ""),
  SHOW("POST", "/api/show", "{\"model\":\"corral-audit-probe-0\"}"),
  OPENAI_MODELS("GET", "/v1/models", ""),
  VERSION("GET", "/api/version", ""),
  GENERATE("POST", "/api/generate", "{}"),
  CHAT("POST", "/api/chat", "{}"),
  EMBED("POST", "/api/embed", "{}"),
  OPENAI_CHAT("POST", "/v1/chat/completions", "{}"),
  PULL("POST", "/api/pull", "{}"),
  CREATE("POST", "/api/create", "{\"model\":\"corral-audit-probe-0\"}"),
  PUSH("POST", "/api/push", "{}"),
  COPY("POST", "/api/copy", "{}"),
  CORS("OPTIONS", "/api/tags", "");

  /** The Origin the CORS probe sends: a name that can never be a real site. */
  static final String FOREIGN_ORIGIN = "https://corral-audit.invalid";

  final String method;
  final String path;
  final String body;

  Probe(String method, String path, String body) {
    this.method = method;
    this.path = path;
    this.body = body;
  }

  static final List<Probe> READ = List.of(TAGS, PS, SHOW, OPENAI_MODELS);
  static final List<Probe> INFERENCE = List.of(GENERATE, CHAT, EMBED, OPENAI_CHAT);
  static final List<Probe> MANAGEMENT = List.of(PULL, CREATE, PUSH, COPY);

  /** The request, with an Authorization header when {@code authorization} is not null. */
  ProbeRequest request(String authorization) {
    List<Map.Entry<String, String>> headers = new java.util.ArrayList<>();
    if (this == CORS) {
      headers.add(Map.entry("Origin", FOREIGN_ORIGIN));
      headers.add(Map.entry("Access-Control-Request-Method", "POST"));
    } else if (method.equals("POST")) {
      headers.add(Map.entry("Content-Type", "application/json"));
    }
    if (authorization != null) {
      headers.add(Map.entry("Authorization", authorization));
    }
    return new ProbeRequest(method, path, headers, body);
  }

  String label() {
    return method + " " + path + (body.isEmpty() ? "" : " " + body);
  }
}
