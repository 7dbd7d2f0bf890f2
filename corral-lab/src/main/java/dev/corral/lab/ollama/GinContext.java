package dev.corral.lab.ollama;

import dev.corral.core.gojson.GoJsonException;
import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoJsonWriter;
import dev.corral.core.gojson.GoObject;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.wire.LabRequest;
import dev.corral.lab.wire.LabResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request travelling through the emulated Gin engine: what middlewares and handlers read and
 * the response they write, with gin's helpers ({@code c.JSON}, {@code c.String}, {@code
 * AbortWithStatus}) reproduced byte for byte.
 */
final class GinContext {
  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";

  final LabRequest request;
  final LabResponse response;
  final Persona persona;
  final ServerState state;
  final Map<String, String> params;
  private boolean aborted;

  GinContext(
      LabRequest request,
      LabResponse response,
      Persona persona,
      ServerState state,
      Map<String, String> params) {
    this.request = request;
    this.response = response;
    this.persona = persona;
    this.state = state;
    this.params = params;
  }

  OllamaVersion version() {
    return persona.version();
  }

  boolean has(OllamaFeature feature) {
    return feature.presentIn(persona.version());
  }

  boolean aborted() {
    return aborted;
  }

  void abort() {
    aborted = true;
  }

  /** {@code c.AbortWithStatus}: status, empty body, headers so far. */
  void abortWithStatus(int status) {
    response.finishEmpty(status);
    aborted = true;
  }

  /** {@code c.JSON}: sets the JSON content type unless one is set, no trailing newline. */
  void json(int status, Object value) {
    response.headers().setIfAbsent("Content-Type", JSON);
    response.status(status).body(GoJsonWriter.encodeBytes(value));
  }

  /** {@code c.JSON(status, gin.H{...})}: a Go map, so keys are sorted. */
  void h(int status, Object... keysAndValues) {
    Map<String, Object> map = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    json(status, map);
  }

  /** The everyday {@code gin.H{"error": message}}. */
  void error(int status, String message) {
    h(status, "error", message);
  }

  void abortWithError(int status, String message) {
    error(status, message);
    aborted = true;
  }

  /** {@code c.String}. */
  void string(int status, String text) {
    response.headers().setIfAbsent("Content-Type", TEXT);
    response.status(status).body(text);
  }

  /** The model a pull, push or delete names: {@code model}, or the deprecated {@code name}. */
  static String modelOrName(GoObject req) {
    String model = req.string("model");
    return model.isEmpty() ? req.string("name") : model;
  }

  /** 400 for a missing model name, in the wording of the release (it changed in 0.1.40). */
  void abortMissingModelName() {
    abortWithError(
        400,
        has(OllamaFeature.PULL_INVALID_MODEL_NAME) ? "invalid model name" : "model is required");
  }

  /**
   * {@code c.ShouldBindJSON(&req)}: decodes the body as Go would for the given request struct.
   *
   * @return the decoded object; an empty object when the body was JSON {@code null}
   * @throws BindException with Go's message ({@link BindException#isEof()} for an empty body)
   */
  GoObject bind(RequestType type) throws BindException {
    Object value;
    try {
      value = GoJsonReader.readValue(request.body());
    } catch (GoJsonException e) {
      throw new BindException(e.getMessage(), e.isEof());
    }
    String typeError = type.typeError(value);
    if (typeError != null) {
      throw new BindException(typeError, false);
    }
    return value instanceof GoObject object ? object : GoObject.of(Map.of());
  }

  /**
   * The usual opening of an Ollama handler: bind, and on failure answer 400 with {@code missing
   * request body} or Go's decoder message. Returns null when the answer was written.
   */
  GoObject bindOrAbort(RequestType type) {
    try {
      return bind(type);
    } catch (BindException e) {
      abortWithError(400, e.isEof() ? "missing request body" : e.getMessage());
      return null;
    }
  }
}
