package dev.corral.lab.ollama;

import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoNumber;
import dev.corral.core.gojson.GoObject;
import java.util.List;
import java.util.Map;

/**
 * The Go request structs Ollama binds bodies into, reduced to what decides a type error: the struct
 * name and the Go type of each JSON field. Fields not listed accept anything.
 */
@SuppressWarnings("ImmutableEnumChecker") // the maps are Map.of(...): unmodifiable
enum RequestType {
  GENERATE(
      "GenerateRequest",
      Map.of(
          "model",
          "string",
          "prompt",
          "string",
          "suffix",
          "string",
          "system",
          "string",
          "template",
          "string",
          "stream",
          "bool",
          "raw",
          "bool",
          "context",
          "[]int",
          "options",
          "map[string]interface {}")),
  CHAT(
      "ChatRequest",
      Map.of(
          "model",
          "string",
          "messages",
          "[]api.Message",
          "stream",
          "bool",
          "options",
          "map[string]interface {}",
          "tools",
          "api.Tools")),
  EMBED(
      "EmbedRequest",
      Map.of("model", "string", "truncate", "bool", "options", "map[string]interface {}")),
  EMBEDDINGS(
      "EmbeddingRequest",
      Map.of("model", "string", "prompt", "string", "options", "map[string]interface {}")),
  SHOW(
      "ShowRequest",
      Map.of(
          "model",
          "string",
          "name",
          "string",
          "verbose",
          "bool",
          "system",
          "string",
          "template",
          "string")),
  PULL(
      "PullRequest",
      Map.of(
          "model",
          "string",
          "name",
          "string",
          "insecure",
          "bool",
          "stream",
          "bool",
          "username",
          "string",
          "password",
          "string")),
  PUSH(
      "PushRequest",
      Map.of(
          "model",
          "string",
          "name",
          "string",
          "insecure",
          "bool",
          "stream",
          "bool",
          "username",
          "string",
          "password",
          "string")),
  CREATE(
      "CreateRequest",
      Map.of(
          "model",
          "string",
          "name",
          "string",
          "path",
          "string",
          "modelfile",
          "string",
          "stream",
          "bool",
          "quantize",
          "string",
          "from",
          "string",
          "files",
          "map[string]string",
          "template",
          "string",
          "system",
          "string")),
  COPY("CopyRequest", Map.of("source", "string", "destination", "string")),
  DELETE("DeleteRequest", Map.of("model", "string", "name", "string"));

  final String structName;
  private final Map<String, String> fields;

  RequestType(String structName, Map<String, String> fields) {
    this.structName = structName;
    this.fields = fields;
  }

  /**
   * The first type error Go's decoder would report for {@code value}, or null. Go keeps decoding
   * after a type error and reports the first one at the end, so the order is that of the keys.
   */
  String typeError(Object value) {
    if (value == GoJsonReader.NULL) {
      return null;
    }
    if (!(value instanceof GoObject object)) {
      return "json: cannot unmarshal " + kind(value) + " into Go value of type api." + structName;
    }
    for (Map.Entry<String, Object> entry : object.entries()) {
      String goType = fieldType(entry.getKey());
      if (goType == null) {
        continue;
      }
      Object v = entry.getValue();
      if (v == GoJsonReader.NULL || fits(goType, v)) {
        continue;
      }
      String field = fieldName(entry.getKey());
      String shown = v instanceof GoNumber n && goType.equals("int") ? "number " + n : kind(v);
      return "json: cannot unmarshal "
          + shown
          + " into Go struct field "
          + structName
          + "."
          + field
          + " of type "
          + goType;
    }
    return null;
  }

  private String fieldType(String key) {
    String name = fieldName(key);
    return name == null ? null : fields.get(name);
  }

  private String fieldName(String key) {
    if (fields.containsKey(key)) {
      return key;
    }
    GoObject probe = GoObject.of(Map.of(key, Boolean.TRUE));
    for (String name : fields.keySet()) {
      if (probe.has(name)) {
        return name;
      }
    }
    return null;
  }

  private static boolean fits(String goType, Object v) {
    return switch (goType) {
      case "string" -> v instanceof String;
      case "bool" -> v instanceof Boolean;
      case "int" -> v instanceof GoNumber n && n.isInteger();
      case "[]int" ->
          v instanceof List<?> list
              && list.stream()
                  .allMatch(
                      i -> (i instanceof GoNumber n && n.isInteger()) || i == GoJsonReader.NULL);
      case "map[string]interface {}", "map[string]string" -> v instanceof GoObject;
      default -> !(goType.startsWith("[]") || goType.equals("api.Tools")) || v instanceof List;
    };
  }

  static String kind(Object v) {
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof GoNumber) {
      return "number";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof GoObject) {
      return "object";
    }
    if (v instanceof List) {
      return "array";
    }
    return "null";
  }
}
