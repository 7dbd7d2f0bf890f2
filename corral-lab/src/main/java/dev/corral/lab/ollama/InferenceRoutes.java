package dev.corral.lab.ollama;

import dev.corral.core.gojson.GoObject;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.lab.persona.ModelSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/generate}, {@code /api/chat}, {@code /api/embed} and {@code /api/embeddings}. */
final class InferenceRoutes {
  private InferenceRoutes() {}

  /** Wording of a missing model on generate (and embed) by version. */
  static String generateNotFound(GinContext c, String name) {
    if (c.has(OllamaFeature.GENERATE_SHORT_NOT_FOUND)) {
      return "model '" + name + "' not found";
    }
    return pullHint(c, name);
  }

  /** Wording of a missing model on chat by version. */
  static String chatNotFound(GinContext c, String name) {
    if (c.has(OllamaFeature.CHAT_SHORT_NOT_FOUND)) {
      return "model '" + name + "' not found";
    }
    return pullHint(c, name);
  }

  private static String pullHint(GinContext c, String name) {
    String shown = c.has(OllamaFeature.QUOTED_NOT_FOUND) ? GoText.quote(name) : "'" + name + "'";
    return "model " + shown + " not found, try pulling it first";
  }

  /** {@code a:local:cloud}: from v0.18.0 model references name at most one source. */
  static boolean conflictingSource(GinContext c, String name) {
    return c.has(OllamaFeature.MODEL_REFERENCES)
        && name.contains(":local")
        && name.contains(":cloud");
  }

  static String conflictMessage(String name) {
    return "use either :local or :cloud, not both: " + GoText.quote(name);
  }

  static String unsupported(GinContext c, String name, String what) {
    if (c.version().isBefore("0.3.0")) {
      return "embedding models do not support " + what;
    }
    return GoText.quote(name) + " does not support " + what;
  }

  /** Resolves the requested model or writes the version's error; null when answered. */
  private static ModelSpec resolve(GinContext c, String name, boolean chat) {
    if (conflictingSource(c, name)) {
      c.abortWithError(400, conflictMessage(name));
      return null;
    }
    Optional<ModelSpec> model = c.state.find(name);
    if (model.isEmpty()) {
      c.error(404, chat ? chatNotFound(c, name) : generateNotFound(c, name));
      return null;
    }
    return model.get();
  }

  static void generate(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.GENERATE);
    if (req == null) {
      return;
    }
    String name = req.string("model");
    if (name.isEmpty() && !c.has(OllamaFeature.GENERATE_SHORT_NOT_FOUND)) {
      c.abortWithError(400, "model is required");
      return;
    }
    ModelSpec model = resolve(c, name, false);
    if (model == null) {
      return;
    }
    if (model.isEmbedding()) {
      c.abortWithError(400, unsupported(c, name, "generate"));
      return;
    }
    String prompt = req.string("prompt");
    Duration keepAlive = KeepAlive.of(req.field("keep_alive").orElse(null));
    Instant start = c.state.now();
    if (prompt.isEmpty() && req.string("system").isEmpty() && req.string("template").isEmpty()) {
      c.json(200, loadOrUnload(c, model, name, keepAlive, start, false));
      return;
    }
    Generation g = Generation.run(c, model, prompt, keepAlive);
    List<Integer> context =
        Synth.context(prompt, g.counters().promptEvalCount() + g.tokens().size());
    if (Boolean.FALSE.equals(req.field("stream").orElse(null))) {
      c.json(200, generateLine(c, name, g.start(), g.text(), true, context, g.counters()));
      return;
    }
    List<Object> lines = new ArrayList<>();
    for (int i = 0; i < g.tokens().size(); i++) {
      lines.add(generateLine(c, name, g.at(i), g.tokens().get(i), false, null, null));
    }
    lines.add(generateLine(c, name, g.at(g.tokens().size()), "", true, context, g.counters()));
    Streams.respond(c, lines, null, null, g.intervalNanos());
  }

  /** {@code api.GenerateResponse} in field order; the final line carries reason and metrics. */
  private static Map<String, Object> generateLine(
      GinContext c,
      String model,
      Instant created,
      String response,
      boolean done,
      List<Integer> context,
      Counters counters) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("model", model);
    line.put("created_at", GoText.rfc3339Nano(created, java.time.ZoneOffset.UTC));
    line.put("response", response);
    line.put("done", done);
    if (done && c.has(OllamaFeature.DONE_REASON)) {
      line.put("done_reason", "stop");
    }
    if (context != null) {
      line.put("context", context);
    }
    if (counters != null) {
      counters.appendTo(line);
    }
    return line;
  }

  /** An empty prompt loads the model and returns at once; with {@code keep_alive: 0} it unloads. */
  private static Map<String, Object> loadOrUnload(
      GinContext c, ModelSpec model, String name, Duration keepAlive, Instant now, boolean chat) {
    String reason = "load";
    if (keepAlive.isZero()) {
      c.state.unload(model);
      reason = "unload";
    } else {
      c.state.load(model, keepAlive);
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("model", name);
    line.put("created_at", GoText.rfc3339Nano(now, java.time.ZoneOffset.UTC));
    if (chat) {
      line.put("message", message(""));
      putDone(c, line, true, reason);
    } else {
      line.put("response", "");
      line.put("done", true);
      if (c.has(OllamaFeature.DONE_REASON)) {
        line.put("done_reason", reason);
      }
    }
    return line;
  }

  static void chat(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.CHAT);
    if (req == null) {
      return;
    }
    String name = req.string("model");
    if (name.isEmpty()) {
      c.abortWithError(400, "model is required");
      return;
    }
    ModelSpec model = resolve(c, name, true);
    if (model == null) {
      return;
    }
    if (model.isEmbedding()) {
      c.abortWithError(400, unsupported(c, name, "chat"));
      return;
    }
    List<Object> messages = req.array("messages");
    Duration keepAlive = KeepAlive.of(req.field("keep_alive").orElse(null));
    Instant start = c.state.now();
    if (messages.isEmpty()) {
      c.json(200, loadOrUnload(c, model, name, keepAlive, start, true));
      return;
    }
    Generation g = Generation.run(c, model, lastUserContent(messages), keepAlive);
    if (Boolean.FALSE.equals(req.field("stream").orElse(null))) {
      c.json(200, chatLine(c, name, g.start(), g.text(), true, g.counters()));
      return;
    }
    List<Object> lines = new ArrayList<>();
    for (int i = 0; i < g.tokens().size(); i++) {
      lines.add(chatLine(c, name, g.at(i), g.tokens().get(i), false, null));
    }
    lines.add(chatLine(c, name, g.at(g.tokens().size()), "", true, g.counters()));
    Streams.respond(c, lines, null, null, g.intervalNanos());
  }

  static String lastUserContent(List<Object> messages) {
    String prompt = "";
    for (Object m : messages) {
      if (m instanceof GoObject message && message.string("role").equals("user")) {
        prompt = message.string("content");
      }
    }
    return prompt;
  }

  private static Map<String, Object> message(String content) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", content);
    return message;
  }

  /** {@code api.ChatResponse}: where done_reason sits changed twice (0.1.35, 0.12.0). */
  static Map<String, Object> chatLine(
      GinContext c,
      String model,
      Instant created,
      String content,
      boolean done,
      Counters counters) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("model", model);
    line.put("created_at", GoText.rfc3339Nano(created, java.time.ZoneOffset.UTC));
    line.put("message", message(content));
    putDone(c, line, done, done ? "stop" : null);
    if (counters != null) {
      counters.appendTo(line);
    }
    return line;
  }

  private static void putDone(GinContext c, Map<String, Object> line, boolean done, String reason) {
    boolean withReason = reason != null && c.has(OllamaFeature.DONE_REASON);
    if (c.has(OllamaFeature.CHAT_DONE_BEFORE_REASON)) {
      line.put("done", done);
      if (withReason) {
        line.put("done_reason", reason);
      }
    } else {
      if (withReason) {
        line.put("done_reason", reason);
      }
      line.put("done", done);
    }
  }

  /** {@code POST /api/embed} (v0.2.6+): one normalised float32 vector per input. */
  static void embed(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.EMBED);
    if (req == null) {
      return;
    }
    String name = req.string("model");
    ModelSpec model = resolve(c, name, false);
    if (model == null) {
      return;
    }
    List<String> inputs = new ArrayList<>();
    Object input = req.field("input").orElse(null);
    if (input instanceof String s) {
      if (!s.isEmpty()) {
        inputs.add(s);
      }
    } else if (input instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String s)) {
          c.abortWithError(400, "invalid input type");
          return;
        }
        inputs.add(s);
      }
    } else if (input != null && input != dev.corral.core.gojson.GoJsonReader.NULL) {
      c.abortWithError(400, "invalid input type");
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", name);
    List<List<Float>> vectors = new ArrayList<>();
    int promptTokens = 0;
    for (String text : inputs) {
      vectors.add(boxed(Synth.embedding(model, text)));
      promptTokens += Synth.promptTokens(text) - 10;
    }
    body.put("embeddings", vectors);
    if (!inputs.isEmpty() && c.has(OllamaFeature.EMBED_METRICS)) {
      boolean fresh = c.state.load(model, ServerState.DEFAULT_KEEP_ALIVE);
      long load = fresh ? Synth.loadNanos(model) : 1_234_567L;
      body.put("total_duration", load + promptTokens * 1_000_000L);
      body.put("load_duration", load);
      body.put("prompt_eval_count", promptTokens);
    }
    c.json(200, body);
  }

  /** {@code POST /api/embeddings}: the legacy single-prompt form, float64 and unnormalised. */
  static void embeddings(GinContext c) {
    GoObject req = c.bindOrAbort(RequestType.EMBEDDINGS);
    if (req == null) {
      return;
    }
    String name = req.string("model");
    if (name.isEmpty()) {
      c.abortWithError(400, "model is required");
      return;
    }
    ModelSpec model = resolve(c, name, false);
    if (model == null) {
      return;
    }
    List<Double> vector = new ArrayList<>();
    String prompt = req.string("prompt");
    if (!prompt.isEmpty()) {
      c.state.load(model, ServerState.DEFAULT_KEEP_ALIVE);
      for (float f : Synth.embedding(model, prompt)) {
        vector.add((double) (f * 7.5f));
      }
    }
    c.json(200, Map.of("embedding", vector));
  }

  private static List<Float> boxed(float[] values) {
    List<Float> list = new ArrayList<>(values.length);
    for (float v : values) {
      list.add(v);
    }
    return list;
  }
}
