package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.DIGEST;
import static dev.corral.gateway.policy.Requests.head;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Requests exactly as the official clients send them (header for header, from their sources): none
 * may be refused for a key that is allowed the model.
 */
class OfficialClientsTest {

  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());
  private final Caller user = Requests.caller(Role.USER, "llama3.2*");
  private final Caller admin = Requests.caller(Role.ADMIN, "llama3.2*");

  private Verdict send(Caller caller, RequestHead head, String body) {
    Verdict verdict = policy.judgeHead(caller, head);
    if (!verdict.allowed() || body == null) {
      return verdict;
    }
    return policy.judgeBody(caller, head, verdict, Requests.utf8(body));
  }

  @Test
  void theOllamaGoClientAndCli() {
    String agent = "ollama/0.32.15 (amd64 linux) Go/go1.24.1";
    // Heartbeat: HEAD / with the JSON headers do() always sets.
    assertThat(
            send(
                    user,
                    head(
                        "HEAD",
                        "/",
                        "Host",
                        "gw.example:443",
                        "User-Agent",
                        agent,
                        "Content-Type",
                        "application/json",
                        "Accept",
                        "application/json",
                        "Authorization",
                        "Bearer x"),
                    null)
                .allowed())
        .isTrue();
    String chat = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertThat(
            send(
                    user,
                    head(
                        "POST",
                        "/api/chat",
                        "Host",
                        "gw.example:443",
                        "User-Agent",
                        agent,
                        "Content-Length",
                        Integer.toString(chat.length()),
                        "Accept",
                        "application/x-ndjson",
                        "Content-Type",
                        "application/json",
                        "Accept-Encoding",
                        "gzip"),
                    chat)
                .allowed())
        .isTrue();
    // `ollama create` uploads a file with no length (chunked), labelled application/json.
    assertThat(
            send(
                    admin,
                    head(
                        "POST",
                        "/api/blobs/" + DIGEST,
                        "Host",
                        "gw.example:443",
                        "User-Agent",
                        agent,
                        "Transfer-Encoding",
                        "chunked",
                        "Accept",
                        "application/json",
                        "Content-Type",
                        "application/json"),
                    null)
                .allowed())
        .isTrue();
    assertThat(
            send(
                    admin,
                    head(
                        "HEAD",
                        "/api/blobs/" + DIGEST,
                        "User-Agent",
                        agent,
                        "Content-Type",
                        "application/json"),
                    null)
                .allowed())
        .isTrue();
    String create =
        "{\"model\":\"llama3.2-mine\",\"files\":{\"model.gguf\":\""
            + DIGEST
            + "\"},\"template\":\"{{ .Prompt }}\",\"parameters\":{\"stop\":[\"<|eot_id|>\"]}}";
    assertThat(
            send(
                    admin,
                    head(
                        "POST",
                        "/api/create",
                        "Content-Type",
                        "application/json",
                        "Content-Length",
                        Integer.toString(create.length())),
                    create)
                .allowed())
        .isTrue();
  }

  @Test
  void theOllamaPythonClient() {
    String embed = "{\"model\":\"llama3.2\",\"input\":\"hello\",\"truncate\":true}";
    assertThat(
            send(
                    user,
                    head(
                        "POST",
                        "/api/embed",
                        "Host",
                        "127.0.0.1:8080",
                        "Accept-Encoding",
                        "gzip, deflate",
                        "Connection",
                        "keep-alive",
                        "Content-Type",
                        "application/json",
                        "Accept",
                        "application/json",
                        "User-Agent",
                        "ollama-python/0.4.7 (x86_64 linux) Python/3.12.3",
                        "Authorization",
                        "Bearer x",
                        "Content-Length",
                        Integer.toString(embed.length())),
                    embed)
                .allowed())
        .isTrue();
    assertThat(
            send(
                    user,
                    head(
                        "GET",
                        "/api/tags",
                        "Host",
                        "127.0.0.1:8080",
                        "Content-Type",
                        "application/json",
                        "Accept",
                        "application/json",
                        "User-Agent",
                        "ollama-python/0.4.7 (x86_64 linux) Python/3.12.3"),
                    null)
                .allowed())
        .isTrue();
  }

  @Test
  void theOpenAiPythonClient() {
    String completion =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"Say this is a test\"}],"
            + "\"model\":\"llama3.2\",\"stream\":true}";
    assertThat(
            send(
                    user,
                    head(
                        "POST",
                        "/v1/chat/completions",
                        "Host",
                        "127.0.0.1:8080",
                        "Accept-Encoding",
                        "gzip, deflate",
                        "Connection",
                        "keep-alive",
                        "Accept",
                        "application/json",
                        "Content-Type",
                        "application/json",
                        "User-Agent",
                        "OpenAI/Python 1.54.4",
                        "X-Stainless-Lang",
                        "python",
                        "X-Stainless-Package-Version",
                        "1.54.4",
                        "X-Stainless-Retry-Count",
                        "0",
                        "Authorization",
                        "Bearer x",
                        "Content-Length",
                        Integer.toString(completion.length())),
                    completion)
                .allowed())
        .isTrue();
    assertThat(
            send(
                    user,
                    head(
                        "GET",
                        "/v1/models/llama3.2:latest",
                        "Accept",
                        "application/json",
                        "Authorization",
                        "Bearer x"),
                    null)
                .model())
        .isEqualTo("registry.ollama.ai/library/llama3.2:latest");
  }

  @Test
  void browsersAreRefusedUnlessTheirOriginIsConfigured() {
    // ollama-js in a web page: the browser adds Origin, whatever the key.
    Verdict verdict =
        send(
            user,
            head(
                "POST",
                "/api/chat",
                "Origin",
                "https://app.example",
                "Content-Type",
                "application/json",
                "Content-Length",
                "2"),
            "{}");
    assertThat(verdict.rule()).isEqualTo("host-origin-check");
  }
}
