package dev.corral.scan.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.scan.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * masscan results. {@code -oJ} objects: {@code {"ip", "timestamp", "ports": [{"port", "proto",
 * "status", "reason", "ttl"}]}}, plus the {@code {finished: 1}} marker older versions write last.
 * {@code -oL} lines: {@code open tcp 11434 1.2.3.4 1690000000}, with {@code #masscan} and {@code #
 * end} comment lines. Only open TCP ports become candidates; closed ports and banner records are
 * skipped, not errors.
 */
final class MasscanRecords {
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private MasscanRecords() {}

  static List<Candidate> candidates(JsonNode record) {
    if (!record.isObject()) {
      throw new BadRecord(
          "expected a JSON object (a masscan record), found " + record.getNodeType());
    }
    if (record.has("finished") && !record.has("ip")) {
      return List.of(); // masscan's end marker
    }
    String address = Fields.requiredText(record, "ip");
    JsonNode ports = record.get("ports");
    if (ports == null || !ports.isArray()) {
      throw new BadRecord("no 'ports' list");
    }
    List<Candidate> out = new ArrayList<>();
    int index = 0;
    for (JsonNode entry : ports) {
      String field = "ports[" + index++ + "]";
      if (!entry.isObject()) {
        throw new BadRecord(field + " is not an object");
      }
      String proto = Fields.text(entry, "proto");
      String status = Fields.text(entry, "status");
      if ((proto != null && !proto.equalsIgnoreCase("tcp"))
          || (status != null && !status.equalsIgnoreCase("open"))) {
        continue;
      }
      int port;
      try {
        port = Fields.port(entry, "port");
      } catch (BadRecord e) {
        throw new BadRecord(field + ": " + e.getMessage());
      }
      out.add(Candidate.bare(Fields.target(address, port, Target.HTTP, "ip"), "masscan"));
    }
    return out;
  }

  /** One {@code -oL} line; blank and comment lines give nothing. */
  static List<Candidate> listLine(String line) {
    String text = line.strip();
    if (text.isEmpty() || text.startsWith("#")) {
      return List.of();
    }
    String[] parts = SPACES.split(text, -1);
    if (parts.length < 4) {
      throw new BadRecord("expected 'open tcp PORT ADDRESS TIMESTAMP', found '" + text + "'");
    }
    String state = parts[0];
    if (state.equals("closed") || state.equals("banner")) {
      return List.of();
    }
    if (!state.equals("open")) {
      throw new BadRecord(
          "expected 'open', 'closed' or 'banner' at the start, found '" + state + "'");
    }
    if (!parts[1].equalsIgnoreCase("tcp")) {
      return List.of();
    }
    int port = Fields.port(parts[2], "port");
    return List.of(
        Candidate.bare(Fields.target(parts[3], port, Target.HTTP, "address"), "masscan"));
  }
}
