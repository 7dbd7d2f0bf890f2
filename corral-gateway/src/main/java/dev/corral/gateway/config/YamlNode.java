package dev.corral.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every value, so that validation errors can
 * name it. Jackson's own tree model drops locations; this keeps them.
 *
 * @param value a {@code Map<String, YamlNode>}, a {@code List<YamlNode>}, a String (scalars as
 *     written), or null
 * @param line the 1-based line the value starts on
 */
record YamlNode(Object value, int line) {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  /** Parses a whole document; an empty document is an empty mapping. */
  static YamlNode parse(String text, String source) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new YamlNode(new LinkedHashMap<String, YamlNode>(), 1);
      }
      YamlNode root = read(parser, source);
      if (parser.nextToken() != null) {
        throw new ConfigException(
            source + ":" + line(parser.currentTokenLocation()) + ": only one document is allowed");
      }
      return root;
    } catch (IOException e) {
      String where =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                  && jpe.getLocation() != null
              ? ":" + line(jpe.getLocation())
              : "";
      String message =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
              ? jpe.getOriginalMessage()
              : e.getMessage();
      throw new ConfigException(source + where + ": not valid YAML: " + message, e);
    }
  }

  private static YamlNode read(JsonParser parser, String source) throws IOException {
    JsonToken token = parser.currentToken();
    int line = line(parser.currentTokenLocation());
    switch (token) {
      case START_OBJECT -> {
        Map<String, YamlNode> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          int keyLine = line(parser.currentTokenLocation());
          parser.nextToken();
          YamlNode child = read(parser, source);
          if (map.put(name, child) != null) {
            throw new ConfigException(source + ":" + keyLine + ": '" + name + "' appears twice");
          }
        }
        return new YamlNode(map, line);
      }
      case START_ARRAY -> {
        List<YamlNode> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(parser, source));
        }
        return new YamlNode(list, line);
      }
      case VALUE_NULL -> {
        return new YamlNode(null, line);
      }
      default -> {
        return new YamlNode(parser.getText(), line);
      }
    }
  }

  private static int line(JsonLocation location) {
    return location == null ? 0 : location.getLineNr();
  }
}
