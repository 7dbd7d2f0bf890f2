package dev.corral.gateway.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.corral.core.gojson.GoJsonException;
import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoObject;
import dev.corral.gateway.policy.model.ModelGlobs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Removes from a model listing every entry the key may not use, leaving the rest of the document
 * byte for byte as Ollama wrote it: the kept entries and everything around the list are copied from
 * the upstream's bytes, not re-encoded (the trailing newline of the OpenAI writer included).
 *
 * <p>It runs on every listing answer, so it reads the document once with a streaming parser, looks
 * only at the names of the entries and skips everything else, and cuts the bytes at the entries'
 * edges. Go's decoder fills a field from every key that equals its name under case folding, the
 * last one winning, while other clients read the exact key: so every top-level member that folds to
 * the list's name is filtered, and an entry is kept only when every key of it that folds to a name
 * field holds a model the key may use.
 */
final class ListingFilter {
  /** A plain factory: a listing with a repeated key is still filtered, not refused. */
  private static final JsonFactory JSON = new JsonFactory();

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
    try {
      return cut(body, listKey, nameKeys, globs);
    } catch (IOException e) {
      return unreadable(kind, body);
    }
  }

  /**
   * A body the streaming parser refused: one Go's decoder refuses too is not a listing (an error
   * page) and passes as it is; one Go would read (invalid UTF-8 in a name, say) cannot be cut
   * safely and becomes an empty listing.
   */
  private static byte[] unreadable(ListingKind kind, byte[] body) {
    try {
      GoJsonReader.read(body);
    } catch (GoJsonException e) {
      return body;
    }
    return empty(kind);
  }

  private static byte[] cut(byte[] body, String listKey, List<String> nameKeys, ModelGlobs globs)
      throws IOException {
    String folded = GoObject.fold(listKey);
    ByteArrayOutputStream out = null;
    int copied = 0; // body[0, copied) is already in out
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return body;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean list = GoObject.fold(p.currentName()).equals(folded);
        if (p.nextToken() != JsonToken.START_ARRAY || !list) {
          p.skipChildren();
          continue;
        }
        int arrayStart = offset(p);
        if (out == null) {
          out = new ByteArrayOutputStream(body.length);
        }
        out.write(body, copied, arrayStart - copied);
        out.write('[');
        boolean first = true;
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
          int itemStart = offset(p);
          boolean keep = item == JsonToken.START_OBJECT && allowed(p, nameKeys, globs);
          p.skipChildren(); // an entry that is not an object
          if (keep) {
            if (!first) {
              out.write(',');
            }
            out.write(body, itemStart, end(p) - itemStart);
            first = false;
          }
        }
        out.write(']');
        copied = end(p);
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new IOException("not a JSON object");
      }
    }
    if (out == null) {
      return body;
    }
    // What follows the document (json.Encoder's newline on /v1/models) is copied too.
    out.write(body, copied, body.length - copied);
    return out.toByteArray();
  }

  /**
   * Reads an entry up to its end: every key that names it (under Go's case folding) must hold a
   * model the key may use, and there must be one; an entry naming nothing is dropped.
   */
  private static boolean allowed(JsonParser p, List<String> nameKeys, ModelGlobs globs)
      throws IOException {
    boolean named = false;
    boolean ok = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean name = nameKeys.contains(GoObject.fold(p.currentName()));
      JsonToken value = p.nextToken();
      if (!name || value == JsonToken.VALUE_NULL) {
        p.skipChildren();
        continue;
      }
      if (value != JsonToken.VALUE_STRING) {
        ok = false;
        p.skipChildren();
        continue;
      }
      ok &= globs.allowsName(p.getText());
      named = true;
    }
    return named && ok;
  }

  /** Where the current token starts in the body. */
  private static int offset(JsonParser p) {
    return Math.toIntExact(p.currentTokenLocation().getByteOffset());
  }

  /** Where the current token (an object's or an array's end) stops in the body. */
  private static int end(JsonParser p) {
    return Math.toIntExact(p.currentLocation().getByteOffset());
  }
}
