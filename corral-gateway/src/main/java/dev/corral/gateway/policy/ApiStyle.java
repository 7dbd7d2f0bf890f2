package dev.corral.gateway.policy;

/**
 * Which error envelope a client expects: Ollama's {@code {"error":"..."}} on {@code /api/*} and
 * everything else, OpenAI's {@code {"error":{"message","type","code"}}} on {@code /v1/*}.
 */
public enum ApiStyle {
  OLLAMA,
  OPENAI;

  public static ApiStyle forPath(String path) {
    return path.startsWith("/v1/") || path.equals("/v1") ? OPENAI : OLLAMA;
  }
}
