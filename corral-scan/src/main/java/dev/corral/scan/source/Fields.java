package dev.corral.scan.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.scan.target.IpAddresses;
import dev.corral.scan.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading the fields the sources share, leniently where the value is only enrichment (a strange
 * country code becomes null) and strictly where the target depends on it (address and port).
 */
final class Fields {
  private Fields() {}

  /** The text at a path of field names, or null when any step is missing or not text. */
  static String text(JsonNode node, String... path) {
    JsonNode value = at(node, path);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.asText().strip();
    return text.isEmpty() ? null : text;
  }

  static JsonNode at(JsonNode node, String... path) {
    JsonNode current = node;
    for (String name : path) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(name);
    }
    return current;
  }

  static String requiredText(JsonNode node, String field) {
    String text = text(node, field);
    if (text == null) {
      throw new BadRecord("no '" + field + "'");
    }
    return text;
  }

  /** A port from a JSON number or a string of digits. */
  static int port(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new BadRecord("no '" + field + "'");
    }
    long port;
    if (value.isIntegralNumber()) {
      port = value.asLong();
    } else if (value.isTextual() && value.asText().matches("[0-9]{1,6}")) {
      port = Long.parseLong(value.asText());
    } else {
      throw new BadRecord("'" + field + "' is not a port number: " + value);
    }
    return port(port, field);
  }

  static int port(String text, String field) {
    if (!text.matches("[0-9]{1,6}")) {
      throw new BadRecord("'" + text + "' is not a port number (" + field + ")");
    }
    return port(Long.parseLong(text), field);
  }

  private static int port(long port, String field) {
    if (port < 1 || port > 65535) {
      throw new BadRecord(field + " " + port + " is out of range (1-65535)");
    }
    return (int) port;
  }

  /** A target for a literal address from the source; a bad address makes a bad record. */
  static Target target(String address, int port, String scheme, String field) {
    try {
      return IpAddresses.target(address, port, scheme);
    } catch (IllegalArgumentException e) {
      throw new BadRecord(field + ": " + e.getMessage());
    }
  }

  /** Two upper-case letters, or null: enrichment must not fail a record. */
  static String country(String code) {
    if (code == null) {
      return null;
    }
    String upper = code.toUpperCase(Locale.ROOT);
    return upper.matches("[A-Z]{2}") ? upper : null;
  }

  /** {@code 15169}, {@code "15169"} or {@code "AS15169"}; null when absent or unreadable. */
  static Long asn(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return value.asLong() > 0 ? value.asLong() : null;
    }
    String text = value.asText().strip();
    if (text.regionMatches(true, 0, "AS", 0, 2)) {
      text = text.substring(2);
    }
    return text.matches("[0-9]{1,10}") ? Long.valueOf(text) : null;
  }

  /** The strings of an array field, skipping anything else. */
  static List<String> strings(JsonNode node, String... path) {
    JsonNode array = at(node, path);
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode item : array) {
        if (item.isTextual() && !item.asText().isBlank()) {
          out.add(item.asText().strip());
        }
      }
    }
    return out;
  }
}
