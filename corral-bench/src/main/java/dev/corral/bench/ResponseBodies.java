package dev.corral.bench;

import dev.corral.lab.persona.ModelCatalog;
import dev.corral.lab.persona.ModelSpec;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response values the JSON write benchmark encodes, shaped like the lab's (and Ollama's)
 * answers: {@code /api/tags} for the lab's three default models, and one streamed {@code
 * /api/generate} line. Plain ordered maps, so Jackson can write exactly the same values.
 */
public final class ResponseBodies {
  /** {@code GET /api/tags} of a lab with its default models (about 1.3 KB of JSON). */
  public static final String TAGS = "tags";

  /** One mid-stream NDJSON line of {@code POST /api/generate} (one token, about 100 bytes). */
  public static final String NDJSON_LINE = "ndjson-line";

  private ResponseBodies() {}

  public static List<String> names() {
    return List.of(TAGS, NDJSON_LINE);
  }

  public static Map<String, Object> named(String name) {
    return switch (name) {
      case TAGS -> tags();
      case NDJSON_LINE -> generateLine();
      default -> throw new IllegalArgumentException("no response body named " + name);
    };
  }

  /** The newest release's {@code api.ListResponse}, field for field as the lab writes it. */
  private static Map<String, Object> tags() {
    List<Object> models = new ArrayList<>();
    for (String name : ModelCatalog.defaults()) {
      ModelSpec m =
          ModelCatalog.find(name)
              .orElseThrow(() -> new IllegalStateException("lab catalog lacks " + name));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("parent_model", "");
      details.put("format", "gguf");
      details.put("family", m.family());
      details.put("families", m.families().isEmpty() ? null : m.families());
      details.put("parameter_size", m.parameterSize());
      details.put("quantization_level", m.quantization());
      details.put("context_length", m.contextLength());
      details.put("embedding_length", m.embeddingLength());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", m.name());
      entry.put("model", m.name());
      entry.put("modified_at", rfc3339(m.modifiedAt()));
      entry.put("size", m.size());
      entry.put("digest", m.digest());
      entry.put("details", details);
      entry.put("capabilities", m.capabilities());
      models.add(entry);
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("models", models);
    return response;
  }

  /** {@code api.GenerateResponse} for one streamed token. */
  private static Map<String, Object> generateLine() {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("model", "llama3.2");
    line.put("created_at", "2026-11-27T17:45:56.453940009Z");
    line.put("response", " 4.");
    line.put("done", false);
    return line;
  }

  private static String rfc3339(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }
}
