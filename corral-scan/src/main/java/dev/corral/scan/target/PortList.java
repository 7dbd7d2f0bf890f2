package dev.corral.scan.target;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The ports of {@code -p/--ports}, e.g. {@code 11434,8080,1000-1010}: sorted, without duplicates.
 * They apply to every target that does not name its own port.
 */
public final class PortList {
  /** Ollama's default port, used when no {@code --ports} is given. */
  public static final int OLLAMA_PORT = 11434;

  public static final PortList DEFAULT = new PortList(new int[] {OLLAMA_PORT});

  private final int[] ports;

  private PortList(int[] ports) {
    this.ports = ports;
  }

  /** Reads {@code --ports}; errors start with {@code --ports ('...')}. */
  public static PortList parse(String text) {
    return parse("--ports", text);
  }

  /** Reads a port list given to the named option. */
  public static PortList parse(String option, String text) {
    try {
      return parseUnlocated(text);
    } catch (SyntaxProblem e) {
      throw e.at(TargetSyntaxException.option(option, text));
    }
  }

  public static PortList of(int... ports) {
    BitSet set = new BitSet(65536);
    for (int port : ports) {
      set.set(checkPort(port, Integer.toString(port)));
    }
    return fromBits(set);
  }

  static PortList parseUnlocated(String text) {
    if (text == null || text.isBlank()) {
      throw new SyntaxProblem("no ports given");
    }
    BitSet set = new BitSet(65536);
    for (String raw : text.split(",", -1)) {
      String item = raw.strip();
      if (item.isEmpty()) {
        throw new SyntaxProblem("empty item in the port list (two commas, or one at an end)");
      }
      int dash = item.indexOf('-');
      if (dash < 0) {
        set.set(port(item));
        continue;
      }
      int from = port(item.substring(0, dash).strip());
      int to = port(item.substring(dash + 1).strip());
      if (from > to) {
        throw new SyntaxProblem("port range " + item + " is backwards (" + from + " > " + to + ")");
      }
      set.set(from, to + 1);
    }
    return fromBits(set);
  }

  /** One port number, 1 to 65535. */
  static int port(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      throw new SyntaxProblem("'" + text + "' is not a port number (1-65535)");
    }
    return checkPort(Integer.parseInt(text), text);
  }

  private static int checkPort(int port, String text) {
    if (port < 1 || port > 65535) {
      throw new SyntaxProblem("port " + text + " is out of range (1-65535)");
    }
    return port;
  }

  private static PortList fromBits(BitSet set) {
    return new PortList(set.stream().toArray());
  }

  public int size() {
    return ports.length;
  }

  /** The {@code index}th port in ascending order. */
  public int get(int index) {
    return ports[index];
  }

  public boolean contains(int port) {
    return Arrays.binarySearch(ports, port) >= 0;
  }

  public List<Integer> toList() {
    return IntStream.of(ports).boxed().toList();
  }

  /** Canonical form, ranges collapsed: {@code 1000-1010,8080,11434}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < ports.length; ) {
      int j = i;
      while (j + 1 < ports.length && ports[j + 1] == ports[j] + 1) {
        j++;
      }
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(ports[i]);
      if (j > i) {
        out.append('-').append(ports[j]);
      }
      i = j + 1;
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PortList that && Arrays.equals(ports, that.ports);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ports);
  }
}
