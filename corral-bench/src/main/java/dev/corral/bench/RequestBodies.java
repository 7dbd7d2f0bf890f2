package dev.corral.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The request bodies the JSON read benchmark parses: what clients really send to Ollama's {@code
 * /api/chat} and {@code /api/generate}. Built in code, deterministically, so every run parses the
 * same bytes.
 */
public final class RequestBodies {
  /** A chat request with a system prompt and three turns, about 1 KB: a typical web UI request. */
  public static final String CHAT_1K = "chat-1k";

  /** A one-line generate request: what scripts, scanners and quick tests send. */
  public static final String GENERATE = "generate";

  /** A generate request carrying a 64 KiB pasted document in its prompt (RAG / summarising). */
  public static final String PROMPT_64K = "prompt-64k";

  /** Target size of the {@link #PROMPT_64K} body. */
  static final int PROMPT_BODY_BYTES = 64 * 1024;

  private RequestBodies() {}

  public static List<String> names() {
    return List.of(CHAT_1K, GENERATE, PROMPT_64K);
  }

  /** The UTF-8 bytes of the named body. */
  public static byte[] named(String name) {
    String json =
        switch (name) {
          case CHAT_1K -> chat();
          case GENERATE -> generate();
          case PROMPT_64K -> prompt64k();
          default -> throw new IllegalArgumentException("no request body named " + name);
        };
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code model} every body names. */
  public static String model(String name) {
    return name.equals(CHAT_1K) ? "llama3.2:latest" : "llama3.2";
  }

  /** The {@code stream} flag every body sets. */
  public static boolean stream(String name) {
    return !name.equals(GENERATE);
  }

  private static String chat() {
    // Shaped like what Open WebUI and similar front ends post: the whole conversation each turn,
    // escaped newlines and quotes, a few non-ASCII characters, options and keep_alive.
    return """
        {"model":"llama3.2:latest","messages":[\
        {"role":"system","content":"You are a concise assistant for a small IT team. Answer in \
        plain English, use short paragraphs, and say \\"I don't know\\" rather than guessing."},\
        {"role":"user","content":"Our Ollama box answers on port 11434 from the office LAN. \
        Is that a problem, or is it fine behind the firewall?"},\
        {"role":"assistant","content":"It depends on who can reach the port. Ollama has no \
        authentication of its own, so anyone who can connect can:\\n\\n- list and pull models\\n\
        - delete models\\n- run prompts on your GPU\\n\\nIf only trusted machines reach it, the \
        risk is small \\u2014 but put a reverse proxy with authentication in front before you \
        open it any wider."},\
        {"role":"user","content":"OK. Which nginx settings would you start with — just \
        auth_basic, or also a client allow-list? Keep it short, please."}],\
        "stream":true,"options":{"temperature":0.7,"top_p":0.9,"num_ctx":8192,"seed":42},\
        "keep_alive":"5m"}""";
  }

  private static String generate() {
    return """
        {"model":"llama3.2","prompt":"Why is the sky blue?","stream":false,\
        "options":{"temperature":0,"num_predict":128}}""";
  }

  /**
   * A generate request whose prompt is a long pasted document: prose with escaped newlines and
   * quotes and some multi-byte UTF-8, padded to exactly {@link #PROMPT_BODY_BYTES} bytes.
   */
  private static String prompt64k() {
    String head =
        "{\"model\":\"llama3.2\",\"prompt\":\"Summarise the following incident report in five"
            + " bullet points.\\n\\n";
    String tail = "\",\"stream\":true,\"options\":{\"num_ctx\":32768}}";
    String[] paragraphs = {
      "At 09:12 the monitoring system flagged unusual outbound traffic from the inference host"
          + " \\\"gpu-07\\\". The host runs Ollama for the data-science team and had been moved to"
          + " a new subnet the week before.\\n",
      "Investigation showed that port 11434 was reachable from the guest Wi-Fi network — a"
          + " firewall rule copied from the old subnet allowed it. Requests to /api/pull and"
          + " /api/create came from two addresses that belong to no employee device.\\n",
      "The team removed the rule at 10:05, rotated the credentials stored on the host and"
          + " compared the installed models with the inventory: one model, \\\"helper:latest\\\","
          + " was not on the list and was deleted after its Modelfile was archived.\\n",
      "Lessons: keep Ollama bound to 127.0.0.1 behind an authenticating proxy, review firewall"
          + " rules after every move, and alert on model changes — pulls, creates and deletes —"
          + " not only on traffic volume. Café Wi-Fi is not a trusted network.\\n\\n",
    };
    StringBuilder json = new StringBuilder(PROMPT_BODY_BYTES).append(head);
    int bytes = utf8Length(head) + utf8Length(tail);
    for (int i = 0; ; i++) {
      String paragraph = paragraphs[i % paragraphs.length];
      int length = utf8Length(paragraph);
      if (bytes + length > PROMPT_BODY_BYTES) {
        break;
      }
      json.append(paragraph);
      bytes += length;
    }
    json.append(" ".repeat(PROMPT_BODY_BYTES - bytes)).append(tail);
    return json.toString();
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
