package dev.corral.gateway.policy;

import dev.corral.core.gojson.GoJsonException;
import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoJsonWriter;
import dev.corral.core.gojson.GoObject;
import dev.corral.gateway.policy.model.ModelGlobs;
import dev.corral.gateway.policy.model.ModelName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes from a model listing every entry the key may not use, leaving the rest of the document as
 * Ollama wrote it: keys in the same order, numbers as written, Go's escaping (via {@link
 * GoJsonWriter}), the trailing newline of the OpenAI writer kept.
 */
final class ListingFilter {

  /** An empty listing of {@code kind}, for when the upstream's cannot be filtered. */
  static byte[] empty(ListingKind kind) {
    String json =
        switch (kind) {
          case TAGS, PS -> "{\"models\":[]}";
          case OPENAI_MODELS -> "{\"object\":\"list\",\"data\":[]}\n";
          case NONE -> "";
        };
    return json.getBytes(StandardCharsets.UTF_8);
  }

  byte[] filter(ListingKind kind, byte[] body, ModelGlobs globs) {
    String listKey;
    List<String> nameKeys;
    switch (kind) {
      case TAGS, PS -> {
        listKey = "models";
        nameKeys = List.of("name", "model");
      }
      case OPENAI_MODELS -> {
        listKey = "data";
        nameKeys = List.of("id");
      }
      default -> {
        return body;
      }
    }
    GoJsonReader.Result result;
    try {
      result = GoJsonReader.read(body);
    } catch (GoJsonException e) {
      return body; // not a listing (an error page): nothing to filter
    }
    if (!(result.value() instanceof GoObject document)) {
      return body;
    }
    Map<String, Object> entries = new LinkedHashMap<>();
    boolean listed = false;
    for (Map.Entry<String, Object> entry : document.entries()) {
      if (entry.getKey().equals(listKey) && entry.getValue() instanceof List<?> items) {
        listed = true;
        List<Object> kept = new ArrayList<>();
        for (Object item : items) {
          if (item instanceof GoObject model && allowed(model, nameKeys, globs)) {
            kept.add(model);
          }
        }
        entries.put(entry.getKey(), kept);
      } else {
        entries.putIfAbsent(entry.getKey(), entry.getValue());
      }
    }
    if (!listed) {
      return body;
    }
    StringBuilder out = new StringBuilder(GoJsonWriter.encode(entries));
    // Keep what followed the value (json.Encoder's newline on /v1/models).
    out.append(new String(body, result.end(), body.length - result.end(), StandardCharsets.UTF_8));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Every name field present must parse and be allowed; an entry naming nothing is dropped. */
  private static boolean allowed(GoObject model, List<String> nameKeys, ModelGlobs globs) {
    boolean named = false;
    for (String key : nameKeys) {
      Object value = model.field(key).orElse(null);
      if (value == null || value == GoJsonReader.NULL) {
        continue;
      }
      if (!(value instanceof String text)) {
        return false;
      }
      ModelName name = ModelName.parse(text).orElse(null);
      if (name == null || !globs.allows(name)) {
        return false;
      }
      named = true;
    }
    return named;
  }
}
