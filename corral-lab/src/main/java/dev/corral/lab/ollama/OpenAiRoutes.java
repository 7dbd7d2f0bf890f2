package dev.corral.lab.ollama;

import dev.corral.core.gojson.GoJsonException;
import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoJsonWriter;
import dev.corral.core.gojson.GoObject;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.lab.persona.ModelSpec;
import dev.corral.lab.wire.LabResponse.Chunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The OpenAI-compatible {@code /v1} routes: a middleware turns the request into a native one, the
 * native handler runs, and a writer turns its answer (or error) back into OpenAI shapes.
 */
final class OpenAiRoutes {
  private OpenAiRoutes() {}

  /** {@code openai.NewError}: the type follows the status (400/404) or is api_error. */
  static Map<String, Object> error(int status, String message) {
    String type =
        switch (status) {
          case 400 -> "invalid_request_error";
          case 404 -> "not_found_error";
          default -> "api_error";
        };
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("message", message);
    e.put("type", type);
    e.put("param", null);
    e.put("code", null);
    return Map.of("error", e);
  }

  /** An error raised by the middleware before Ollama's handler: gin's AbortWithStatusJSON. */
  private static void middlewareError(GinContext c, int status, String message) {
    c.json(status, error(status, message));
    c.abort();
  }

  /**
   * An error from the native handler, re-encoded by the OpenAI writer: {@code application/json}
   * with a trailing newline; typed {@code api_error} until v0.18.0.
   */
  private static void handlerError(GinContext c, int status, String message) {
    int typeStatus = c.has(OllamaFeature.OPENAI_TYPED_ERRORS) ? status : 500;
    c.response.headers().set("Content-Type", "application/json");
    c.response.status(status).body(GoJsonWriter.encode(error(typeStatus, message)) + "\n");
  }

  private static void encoded(GinContext c, Object value) {
    c.response.headers().set("Content-Type", "application/json");
    c.response.status(200).body(GoJsonWriter.encode(value) + "\n");
  }

  /** The middleware's own bind: any decode error, EOF included, is a 400 with Go's message. */
  private static GoObject bind(GinContext c) {
    try {
      Object value = GoJsonReader.readValue(c.request.body());
      if (value instanceof GoObject o) {
        return o;
      }
      if (value == GoJsonReader.NULL) {
        return GoObject.of(Map.of());
      }
      middlewareError(
          c,
          400,
          "json: cannot unmarshal "
              + RequestType.kind(value)
              + " into Go value of type openai.ChatCompletionRequest");
    } catch (GoJsonException e) {
      middlewareError(c, 400, e.getMessage());
    }
    return null;
  }

  static void chatCompletions(GinContext c) {
    GoObject req = bind(c);
    if (req == null) {
      return;
    }
    List<Object> messages = req.array("messages");
    if (messages.isEmpty()) {
      middlewareError(c, 400, "[] is too short - 'messages'");
      return;
    }
    String name = req.string("model");
    Optional<ModelSpec> model = c.state.find(name);
    if (name.isEmpty()) {
      handlerError(c, 400, "model is required");
      return;
    }
    if (model.isEmpty()) {
      handlerError(c, 404, InferenceRoutes.chatNotFound(c, name));
      return;
    }
    Generation g =
        Generation.run(
            c,
            model.get(),
            InferenceRoutes.lastUserContent(messages),
            ServerState.DEFAULT_KEEP_ALIVE);
    List<String> tokens = g.tokens();
    long interval = g.intervalNanos();
    Counters counters = g.counters();
    String id = "chatcmpl-" + ThreadLocalRandom.current().nextInt(999);
    long created = c.state.now().getEpochSecond();
    if (!Boolean.TRUE.equals(req.field("stream").orElse(null))) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      body.put("object", "chat.completion");
      body.put("created", created);
      body.put("model", name);
      body.put("system_fingerprint", "fp_ollama");
      Map<String, Object> choice = new LinkedHashMap<>();
      choice.put("index", 0);
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("role", "assistant");
      message.put("content", g.text());
      choice.put("message", message);
      choice.put("finish_reason", "stop");
      body.put("choices", List.of(choice));
      body.put("usage", usage(counters));
      encoded(c, body);
      return;
    }
    boolean finishChunk = c.has(OllamaFeature.OPENAI_FINISH_CHUNK);
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Map<String, Object> delta = new LinkedHashMap<>();
      if (!finishChunk || i == 0) {
        delta.put("role", "assistant");
      }
      delta.put("content", tokens.get(i));
      chunks.add(Chunk.of(sse(chatChunk(id, created, name, delta, null)), i == 0 ? 0 : interval));
    }
    Map<String, Object> last = new LinkedHashMap<>();
    if (!finishChunk) {
      last.put("role", "assistant");
      last.put("content", "");
    }
    String tail = sse(chatChunk(id, created, name, last, "stop"));
    if (Boolean.TRUE.equals(
        req.object("stream_options").flatMap(o -> o.field("include_usage")).orElse(null))) {
      Map<String, Object> usageChunk = chatChunkBase(id, created, name);
      usageChunk.put("choices", List.of());
      usageChunk.put("usage", usage(counters));
      tail += sse(usageChunk);
    }
    chunks.add(Chunk.of(tail + "data: [DONE]\n\n", interval));
    c.response.headers().set("Content-Type", "text/event-stream");
    c.response.stream(chunks.iterator());
  }

  private static String sse(Object value) {
    return "data: " + GoJsonWriter.encode(value) + "\n\n";
  }

  private static Map<String, Object> chatChunkBase(String id, long created, String model) {
    Map<String, Object> chunk = new LinkedHashMap<>();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    chunk.put("system_fingerprint", "fp_ollama");
    return chunk;
  }

  private static Map<String, Object> chatChunk(
      String id, long created, String model, Map<String, Object> delta, String finish) {
    Map<String, Object> chunk = chatChunkBase(id, created, model);
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("finish_reason", finish);
    chunk.put("choices", List.of(choice));
    return chunk;
  }

  private static Map<String, Object> usage(Counters counters) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", counters.promptEvalCount());
    usage.put("completion_tokens", counters.evalCount());
    usage.put("total_tokens", counters.promptEvalCount() + counters.evalCount());
    return usage;
  }

  static void completions(GinContext c) {
    GoObject req = bind(c);
    if (req == null) {
      return;
    }
    String name = req.string("model");
    Optional<ModelSpec> model = c.state.find(name);
    if (model.isEmpty()) {
      handlerError(c, 404, InferenceRoutes.generateNotFound(c, name));
      return;
    }
    Generation g =
        Generation.run(c, model.get(), req.string("prompt"), ServerState.DEFAULT_KEEP_ALIVE);
    List<String> tokens = g.tokens();
    long interval = g.intervalNanos();
    Counters counters = g.counters();
    String id = "cmpl-" + ThreadLocalRandom.current().nextInt(999);
    long created = c.state.now().getEpochSecond();
    if (!Boolean.TRUE.equals(req.field("stream").orElse(null))) {
      Map<String, Object> body = completionBase(id, created, name);
      body.put("choices", List.of(completionChoice(g.text(), "stop")));
      body.put("usage", usage(counters));
      encoded(c, body);
      return;
    }
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Map<String, Object> chunk = completionBase(id, created, name);
      chunk.put("choices", List.of(completionChoice(tokens.get(i), null)));
      chunks.add(Chunk.of(sse(chunk), i == 0 ? 0 : interval));
    }
    Map<String, Object> last = completionBase(id, created, name);
    last.put("choices", List.of(completionChoice("", "stop")));
    chunks.add(Chunk.of(sse(last) + "data: [DONE]\n\n", interval));
    c.response.headers().set("Content-Type", "text/event-stream");
    c.response.stream(chunks.iterator());
  }

  private static Map<String, Object> completionBase(String id, long created, String model) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("object", "text_completion");
    body.put("created", created);
    body.put("model", model);
    body.put("system_fingerprint", "fp_ollama");
    return body;
  }

  private static Map<String, Object> completionChoice(String text, String finish) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("text", text);
    choice.put("index", 0);
    choice.put("finish_reason", finish);
    return choice;
  }

  static void embeddings(GinContext c) {
    GoObject req = bind(c);
    if (req == null) {
      return;
    }
    Object input = req.field("input").orElse(null);
    List<String> inputs = new ArrayList<>();
    if (input instanceof String s) {
      inputs.add(s);
    } else if (input instanceof List<?> list) {
      list.forEach(i -> inputs.add(String.valueOf(i)));
    }
    if (inputs.isEmpty()) {
      middlewareError(c, 400, "invalid input");
      return;
    }
    String name = req.string("model");
    Optional<ModelSpec> model = c.state.find(name);
    if (model.isEmpty()) {
      handlerError(c, 404, InferenceRoutes.generateNotFound(c, name));
      return;
    }
    List<Object> data = new ArrayList<>();
    int tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("object", "embedding");
      List<Float> vector = new ArrayList<>();
      for (float f : Synth.embedding(model.get(), inputs.get(i))) {
        vector.add(f);
      }
      item.put("embedding", vector);
      item.put("index", i);
      data.add(item);
      tokens += Synth.promptTokens(inputs.get(i)) - 10;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", data);
    body.put("model", name);
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", tokens);
    usage.put("total_tokens", tokens);
    body.put("usage", usage);
    encoded(c, body);
  }

  static void models(GinContext c) {
    List<Object> data = new ArrayList<>();
    for (ModelSpec m : c.state.models()) {
      data.add(modelObject(m.name(), m.modifiedAt()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", data.isEmpty() ? null : data);
    encoded(c, body);
  }

  static void model(GinContext c) {
    String name = c.params.get("model");
    Optional<ModelSpec> model = c.state.find(name);
    if (model.isEmpty()) {
      handlerError(c, 404, ModelRoutes.showNotFound(c, name));
      return;
    }
    encoded(c, modelObject(name, model.get().modifiedAt()));
  }

  private static Map<String, Object> modelObject(String id, Instant modified) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("object", "model");
    m.put("created", modified.getEpochSecond());
    int slash = id.indexOf('/');
    m.put(
        "owned_by",
        slash > 0 && !id.substring(0, slash).contains(".") ? id.substring(0, slash) : "library");
    return m;
  }

  /**
   * Routes whose request shape the lab does not emulate beyond validation (responses, images,
   * audio): empty or malformed bodies get the middleware's 400, anything else a 501-style OpenAI
   * error saying the lab has no such model runtime.
   */
  static void unsupported(GinContext c) {
    GoObject req = bind(c);
    if (req == null) {
      return;
    }
    String name = req.string("model");
    if (c.state.find(name).isEmpty()) {
      handlerError(c, 404, InferenceRoutes.chatNotFound(c, name));
      return;
    }
    handlerError(c, 500, "this corral lab server does not emulate " + c.request.path());
  }

  /** {@code POST /v1/messages} (Anthropic-compatible, v0.14.0+). */
  static void messages(GinContext c) {
    Object value;
    try {
      value = GoJsonReader.readValue(c.request.body());
    } catch (GoJsonException e) {
      anthropicError(c, 400, e.getMessage());
      return;
    }
    GoObject req = value instanceof GoObject o ? o : GoObject.of(Map.of());
    String name = req.string("model");
    if (name.isEmpty()) {
      anthropicError(c, 400, "model is required");
      return;
    }
    Optional<ModelSpec> model = c.state.find(name);
    if (model.isEmpty()) {
      anthropicError(c, 404, "model '" + name + "' not found");
      return;
    }
    String prompt = InferenceRoutes.lastUserContent(req.array("messages"));
    List<String> tokens = Synth.replyTokens(prompt);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", "msg_" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    body.put("type", "message");
    body.put("role", "assistant");
    body.put("model", name);
    Map<String, Object> text = new LinkedHashMap<>();
    text.put("type", "text");
    text.put("text", String.join("", tokens));
    body.put("content", List.of(text));
    body.put("stop_reason", "end_turn");
    body.put("stop_sequence", null);
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("input_tokens", Synth.promptTokens(prompt));
    usage.put("output_tokens", tokens.size());
    body.put("usage", usage);
    encoded(c, body);
  }

  private static void anthropicError(GinContext c, int status, String message) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("type", status == 404 ? "not_found_error" : "invalid_request_error");
    inner.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "error");
    body.put("error", inner);
    body.put("request_id", "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    c.json(status, body);
    c.abort();
  }
}
