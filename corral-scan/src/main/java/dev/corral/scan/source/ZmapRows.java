package dev.corral.scan.source;

import dev.corral.scan.target.PortList;
import dev.corral.scan.target.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ZMap CSV ({@code -O csv} or {@code -f saddr,sport,...}): a header row naming the fields, then one
 * row per response. {@code saddr} is the host that answered; {@code sport}, the port it answered
 * from, is the target's port (ZMap's {@code dport} is our own source port, so it is ignored).
 * Without {@code sport} the {@code --ports} list applies. Rows with {@code success} 0 or {@code
 * repeat} 1 are skipped, as ZMap's default output filter would have done.
 */
final class ZmapRows {
  private final int saddr;
  private final int sport;
  private final int success;
  private final int repeat;
  private final int columns;
  private final PortList ports;

  private ZmapRows(List<String> header, PortList ports) {
    this.saddr = header.indexOf("saddr");
    this.sport = header.indexOf("sport");
    this.success = header.indexOf("success");
    this.repeat = header.indexOf("repeat");
    this.columns = header.size();
    this.ports = ports;
  }

  /** True when the line is a ZMap CSV header: comma-separated names including {@code saddr}. */
  static boolean isHeader(String line) {
    return split(line).contains("saddr");
  }

  static ZmapRows forHeader(String line, PortList ports) {
    return new ZmapRows(split(line), ports);
  }

  List<Candidate> row(String line) {
    String text = line.strip();
    if (text.isEmpty() || text.startsWith("#")) {
      return List.of();
    }
    List<String> cells = split(text);
    if (cells.size() != columns) {
      throw new BadRecord(
          "expected " + columns + " fields as in the header, found " + cells.size());
    }
    if ((success >= 0 && isFalse(cells.get(success)))
        || (repeat >= 0 && !isFalse(cells.get(repeat)))) {
      return List.of();
    }
    String address = cells.get(saddr);
    List<Candidate> out = new ArrayList<>();
    if (sport >= 0) {
      int port = Fields.port(cells.get(sport), "sport");
      out.add(Candidate.bare(Fields.target(address, port, Target.HTTP, "saddr"), "zmap"));
      return out;
    }
    for (int i = 0; i < ports.size(); i++) {
      out.add(Candidate.bare(Fields.target(address, ports.get(i), Target.HTTP, "saddr"), "zmap"));
    }
    return out;
  }

  private static boolean isFalse(String cell) {
    return cell.equals("0") || cell.equalsIgnoreCase("false");
  }

  private static List<String> split(String line) {
    return Arrays.stream(line.split(",", -1)).map(String::strip).toList();
  }
}
