package dev.corral.core.vuln;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.stream.Collectors;

/** Jackson's errors in words a person editing the file can act on, without Java class names. */
final class JsonErrors {
  private JsonErrors() {}

  static String describe(JsonProcessingException e) {
    // Syntax errors arrive wrapped in mapping errors when they happen inside a value.
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonParseException syntax) {
        return syntax.getOriginalMessage() + where(syntax.getLocation());
      }
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + unknown.getPropertyName() + "'" + at(unknown);
    }
    if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
      // A record constructor refused the value; its message says why.
      return invalid.getCause().getMessage() + at(invalid);
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return "unexpected value" + at(mapping);
    }
    return e.getOriginalMessage() + where(e.getLocation());
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 1
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String at(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(
                ref ->
                    ref.getFieldName() != null
                        ? "." + ref.getFieldName()
                        : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining());
    return path.isEmpty() ? "" : " (at " + (path.startsWith(".") ? path.substring(1) : path) + ")";
  }
}
