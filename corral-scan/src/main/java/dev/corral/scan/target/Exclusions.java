package dev.corral.scan.target;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Addresses never to scan, from {@code --exclude LIST} and {@code --exclude-file FILE}, masscan
 * style: IPv4 and IPv6 addresses, CIDRs and ranges, separated by commas or white space, {@code #}
 * starting a comment. Exclusions always win over targets, even over a target naming one address.
 * The built-in reserved ranges are not here but in {@link ReservedRanges}, because they follow a
 * different rule.
 */
public final class Exclusions {
  private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

  public static final Exclusions NONE = new Exclusions(IntervalSet.EMPTY, Ipv6Set.EMPTY);

  private final IntervalSet ipv4;
  private final Ipv6Set ipv6;

  private Exclusions(IntervalSet ipv4, Ipv6Set ipv6) {
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Shorthand for {@code builder().list(text).build()}. */
  public static Exclusions parse(String text) {
    return builder().list(text).build();
  }

  public boolean isEmpty() {
    return ipv4.isEmpty() && ipv6.isEmpty();
  }

  /**
   * True when the target's host is a literal address inside an exclusion. Host names are never
   * excluded here: the engine checks the addresses they resolve to with {@link
   * #excludesAddress(String)}.
   */
  public boolean excludes(Target target) {
    return target.hostIsAddress() && excludesAddress(target.host());
  }

  /**
   * True when the literal IPv4 or IPv6 address is excluded.
   *
   * @throws TargetSyntaxException if {@code address} is not an IP address
   */
  public boolean excludesAddress(String address) {
    try {
      if (address.indexOf(':') >= 0) {
        return ipv6.contains(Ipv6Text.parse(address));
      }
      return ipv4.contains(Ipv4Text.parse(address));
    } catch (SyntaxProblem e) {
      throw e.at("address '" + address + "'");
    }
  }

  /** Number of excluded IPv4 addresses. */
  public long ipv4Count() {
    return ipv4.size();
  }

  IntervalSet ipv4() {
    return ipv4;
  }

  Ipv6Set ipv6() {
    return ipv6;
  }

  /** Collects exclusions from any number of lists and files. */
  public static final class Builder {
    private final IntervalSet.Builder ipv4 = IntervalSet.builder();
    private final List<BigInteger[]> ipv6 = new ArrayList<>();

    private Builder() {}

    /** One {@code --exclude} value; errors start with {@code --exclude ('...')}. */
    public Builder list(String text) {
      String where = TargetSyntaxException.option("--exclude", text);
      for (String entry : entries(text)) {
        add(entry, where);
      }
      return this;
    }

    /**
     * One {@code --exclude-file}; errors start with {@code FILE line N}.
     *
     * @throws IOException saying {@code cannot read FILE: reason}
     */
    public Builder file(Path file) throws IOException {
      try (InputStream in = InputFiles.open(file).stream();
          LineReader lines = new LineReader(in, 1 << 20)) {
        for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
          String where = TargetSyntaxException.line(file.toString(), line.number());
          if (line.truncated()) {
            throw new TargetSyntaxException(where, "line is too long to be an exclusion list");
          }
          for (String entry : entries(line.text())) {
            add(entry, where);
          }
        }
      } catch (IOException e) {
        throw InputFiles.named(file, e);
      }
      return this;
    }

    /** One address, CIDR or range, with the location to name if it is bad. */
    public Builder add(String entry, String where) {
      try {
        if (!AddressRange.looksLikeAddresses(entry)) {
          throw new SyntaxProblem(
              "'" + entry + "': exclusions take IP addresses, CIDRs and ranges, not host names");
        }
        int colon = entry.indexOf(':');
        if (colon >= 0 && colon == entry.lastIndexOf(':') && entry.indexOf('.') >= 0) {
          throw new SyntaxProblem("'" + entry + "': exclusions take addresses without ports");
        }
        AddressRange range = AddressRange.parse(entry);
        if (range.ipv6()) {
          ipv6.add(new BigInteger[] {range.first(), range.last()});
        } else {
          ipv4.add(range.firstV4(), range.lastV4());
        }
      } catch (SyntaxProblem e) {
        throw e.at(where);
      }
      return this;
    }

    public Exclusions build() {
      return new Exclusions(ipv4.build(), Ipv6Set.of(ipv6));
    }

    private static List<String> entries(String text) {
      int hash = text.indexOf('#');
      String content = hash >= 0 ? text.substring(0, hash) : text;
      List<String> out = new ArrayList<>();
      for (String piece : SEPARATORS.split(content, -1)) {
        if (!piece.isEmpty()) {
          out.add(piece);
        }
      }
      return out;
    }
  }
}
