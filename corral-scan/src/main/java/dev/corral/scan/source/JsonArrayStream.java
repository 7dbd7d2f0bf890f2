package dev.corral.scan.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * The elements of one JSON array, read one at a time with a streaming parser: a Shodan search's
 * {@code matches}, a Censys response's {@code result.hits}, a masscan {@code -oJ} file. Only the
 * current element is in memory. A bad element is reported and skipped; broken JSON syntax ends the
 * reading (a parser cannot find the next element reliably), keeping everything before it.
 */
final class JsonArrayStream implements RecordStream {
  private final JsonParser parser;
  private final Function<JsonNode, List<Candidate>> mapping;
  private final SourceProblems problems;
  private boolean done;

  private JsonArrayStream(
      JsonParser parser, Function<JsonNode, List<Candidate>> mapping, SourceProblems problems) {
    this.parser = parser;
    this.mapping = mapping;
    this.problems = problems;
  }

  /**
   * Opens the array at {@code path} (field names from the top-level object; none for a top-level
   * array). A missing array gives no records.
   */
  static JsonArrayStream open(
      InputStream in,
      Function<JsonNode, List<Candidate>> mapping,
      SourceProblems problems,
      String... path)
      throws IOException {
    JsonParser parser = LenientJson.MAPPER.createParser(in);
    JsonArrayStream stream = new JsonArrayStream(parser, mapping, problems);
    try {
      if (!enter(parser, path, 0)) {
        problems.add(
            parser.currentLocation().getLineNr(),
            "no '" + String.join(".", path) + "' array in the file");
        stream.done = true;
      }
    } catch (JsonProcessingException e) {
      stream.broken(e);
    }
    return stream;
  }

  private static boolean enter(JsonParser parser, String[] path, int depth) throws IOException {
    JsonToken token = depth == 0 ? parser.nextToken() : parser.currentToken();
    if (depth == path.length) {
      return token == JsonToken.START_ARRAY;
    }
    if (token != JsonToken.START_OBJECT) {
      return false;
    }
    for (token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
      String name = parser.currentName();
      parser.nextToken();
      if (name.equals(path[depth])) {
        return enter(parser, path, depth + 1);
      }
      parser.skipChildren();
    }
    return false;
  }

  @Override
  public Iterator<Candidate> next() throws IOException {
    if (done) {
      return null;
    }
    try {
      JsonToken token = parser.nextToken();
      if (token == null) {
        done = true;
        problems.stop(
            parser.currentLocation().getLineNr(),
            "the file ends before the closing ']' (cut off, or the scan was interrupted)");
        return null;
      }
      if (token == JsonToken.END_ARRAY) {
        done = true;
        return null;
      }
      long line = parser.currentTokenLocation().getLineNr();
      if (token != JsonToken.START_OBJECT) {
        parser.skipChildren();
        problems.add(line, "expected a JSON object, found " + token.asString());
        return Collections.emptyIterator();
      }
      JsonNode element = LenientJson.MAPPER.readTree(parser);
      try {
        return mapping.apply(element).iterator();
      } catch (BadRecord e) {
        problems.add(line, e.getMessage());
        return Collections.emptyIterator();
      }
    } catch (JsonProcessingException e) {
      broken(e);
      return null;
    }
  }

  private void broken(JsonProcessingException e) {
    done = true;
    // Jackson reports a missing ']' between elements as a plain parse error, not an EOF one.
    if (e instanceof JsonEOFException || e.getOriginalMessage().contains("end-of-input")) {
      problems.stop(
          LenientJson.line(e),
          "the file ends inside a JSON value (cut off, or the scan was interrupted)");
    } else {
      problems.stop(LenientJson.line(e), "not valid JSON: " + LenientJson.reason(e, true));
    }
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
