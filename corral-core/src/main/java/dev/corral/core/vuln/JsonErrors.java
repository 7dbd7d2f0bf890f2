package dev.corral.core.vuln;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Jackson's errors in words a person editing the file can act on, without Java class names. */
final class JsonErrors {
  private static final Pattern START_MARKER =
      Pattern.compile("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)");

  private JsonErrors() {}

  static String describe(JsonProcessingException e) {
    return describe(e, true);
  }

  /** For text parsed one line at a time, where the caller names the line and Jackson's is 1. */
  static String describeWithinLine(JsonProcessingException e) {
    return describe(e, false);
  }

  private static String describe(JsonProcessingException e, boolean withLine) {
    // Syntax errors arrive wrapped in mapping errors when they happen inside a value.
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonParseException syntax) {
        return withoutSourceLocations(syntax.getOriginalMessage())
            + where(syntax.getLocation(), withLine);
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
    return withoutSourceLocations(e.getOriginalMessage()) + where(e.getLocation(), withLine);
  }

  /**
   * Drops Jackson's "(start marker at [Source: REDACTED ...; line: 1, column: 35])": it names no
   * source and, for JSON Lines, the wrong line.
   */
  private static String withoutSourceLocations(String message) {
    return START_MARKER.matcher(message).replaceAll("");
  }

  private static String where(JsonLocation location, boolean withLine) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return withLine
        ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"
        : " (column " + location.getColumnNr() + ")";
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
