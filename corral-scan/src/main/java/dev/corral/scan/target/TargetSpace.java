package dev.corral.scan.target;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one scan will visit, as an indexable space {@code [0, size)} that is never listed:
 * IPv4 addresses as {@link IntervalSet}s × ports, bounded IPv6 blocks × ports, and a short list of
 * named hosts. Built from target expressions, {@code --ports}, {@code --exclude} and the {@link
 * ReservedRanges}; duplicates are merged, so each (host, port, scheme) appears once.
 *
 * <p>Immutable and thread-safe once built. {@link #at(long)} is the unshuffled order; {@link
 * #generator(long, Shard)} gives the shuffled one.
 */
public final class TargetSpace {
  /**
   * The largest IPv6 block one target expression may name: 2^24 addresses, a /104. Bigger blocks
   * cannot be swept address by address in any useful time, so they are refused rather than silently
   * sampled.
   */
  public static final long MAX_IPV6_BLOCK = 1L << 24;

  private final List<Segment> segments;
  private final long[] before;
  private final long size;
  private final String fingerprint;
  private final long reservedSkipped;
  private final PortList ports;

  private TargetSpace(List<Segment> segments, long reservedSkipped, PortList ports) {
    this.segments = List.copyOf(segments);
    this.before = new long[segments.size() + 1];
    for (int i = 0; i < segments.size(); i++) {
      try {
        before[i + 1] = Math.addExact(before[i], segments.get(i).size());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("too many targets to count", e);
      }
    }
    this.size = before[segments.size()];
    this.reservedSkipped = reservedSkipped;
    this.ports = ports;
    this.fingerprint = digest(this.segments);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of targets, for progress and ETA; exact, since IPv6 blocks are bounded. */
  public long size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The {@code index}th target in canonical (unshuffled) order. */
  public Target at(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("target " + index + " of " + size);
    }
    int found = java.util.Arrays.binarySearch(before, 0, segments.size(), index);
    int segment = found >= 0 ? found : -found - 2;
    // Empty segments are never kept, so an exact hit is that segment's first target.
    return segments.get(segment).at(index - before[segment]);
  }

  /**
   * A hash of the normalised space (addresses after merging and exclusions, ports, schemes, named
   * hosts): two runs with the same fingerprint enumerate the same targets at the same indices, so a
   * checkpoint from one can resume the other. Argument order and equivalent spellings ({@code
   * 10.0.0.0/31} and {@code 10.0.0.0-10.0.0.1}) do not change it.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * Addresses skipped because they were in the {@link ReservedRanges} without being named
   * explicitly, e.g. 268,435,456 for each of multicast and reserved when scanning {@code
   * 0.0.0.0/0}.
   */
  public long reservedAddressesSkipped() {
    return reservedSkipped;
  }

  /** The {@code --ports} list applied to targets without their own port. */
  public PortList ports() {
    return ports;
  }

  /** A shuffled, resumable walk over this shard of the space. */
  public TargetGenerator generator(long seed, Shard shard) {
    return new TargetGenerator(this, seed, shard);
  }

  private static String digest(List<Segment> segments) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    Segment.put(digest, "corral target space 1\n");
    for (Segment segment : segments) {
      segment.digest(digest);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Which targets share a segment: same scheme and either the port list or one named port. */
  private record Group(String scheme, int port) {
    static final Comparator<Group> ORDER =
        Comparator.comparingInt((Group g) -> g.port() == TargetExpression.LIST_PORTS ? 0 : 1)
            .thenComparing(Group::scheme)
            .thenComparingInt(Group::port);

    boolean usesList() {
      return port == TargetExpression.LIST_PORTS;
    }
  }

  /**
   * Collects target expressions from arguments and files, then merges them in {@link #build()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private PortList ports = PortList.DEFAULT;
    private Exclusions exclusions = Exclusions.NONE;
    private int arguments;
    private long reservedSkipped;
    private final Map<Group, IntervalSet.Builder> ipv4 = new TreeMap<>(Group.ORDER);
    private final Map<Group, List<BigInteger[]>> ipv6 = new TreeMap<>(Group.ORDER);
    private final List<TargetExpression.Single> singles = new ArrayList<>();

    private Builder() {}

    /** The ports for targets that do not name one; {@link PortList#DEFAULT} unless set. */
    public Builder ports(PortList ports) {
      this.ports = ports;
      return this;
    }

    public Builder exclusions(Exclusions exclusions) {
      this.exclusions = exclusions;
      return this;
    }

    /** The next command-line target; errors say {@code target N ('...')}. */
    public Builder argument(String text) {
      arguments++;
      return add(text, TargetSyntaxException.argument(arguments, text));
    }

    public Builder arguments(List<String> texts) {
      texts.forEach(this::argument);
      return this;
    }

    /**
     * A targets file, streamed: one target per line, {@code #} starts a comment, blank lines are
     * skipped; gzip is recognised. Errors say {@code FILE line N}.
     *
     * @throws IOException saying {@code cannot read FILE: reason}
     */
    public Builder file(Path file) throws IOException {
      try (InputStream in = InputFiles.open(file).stream();
          LineReader lines = new LineReader(in, 64 * 1024)) {
        for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
          String where = TargetSyntaxException.line(file.toString(), line.number());
          if (line.truncated()) {
            throw new TargetSyntaxException(where, "line is too long to be a target");
          }
          String text = withoutComment(line.text());
          if (!text.isEmpty()) {
            add(text, where);
          }
        }
      } catch (IOException e) {
        throw InputFiles.named(file, e);
      }
      return this;
    }

    /** Strips a {@code #} comment and surrounding white space. */
    public static String withoutComment(String line) {
      int hash = line.indexOf('#');
      return (hash >= 0 ? line.substring(0, hash) : line).strip();
    }

    /** One target expression, with the location to name if it is bad. */
    public Builder add(String text, String where) {
      try {
        TargetExpression expression = TargetExpression.parse(text);
        switch (expression) {
          case TargetExpression.Single single -> singles.add(single);
          case TargetExpression.Block block -> addBlock(block);
        }
      } catch (SyntaxProblem e) {
        throw e.at(where);
      }
      return this;
    }

    private void addBlock(TargetExpression.Block block) {
      Group group = new Group(block.scheme(), block.port());
      AddressRange range = block.range();
      if (range.ipv6()) {
        BigInteger count = range.count();
        if (count.compareTo(BigInteger.valueOf(MAX_IPV6_BLOCK)) > 0) {
          throw new SyntaxProblem(
              "IPv6 block of "
                  + describe(count)
                  + " addresses is too large: corral sweeps at most 2^24 (16777216, a /104) per"
                  + " IPv6 target; narrow it, or list the addresses you mean");
        }
        Ipv6Set kept = Ipv6Set.of(range.first(), range.last()).minus(ReservedRanges.ipv6());
        if (kept.isEmpty()) {
          kept = Ipv6Set.of(range.first(), range.last()); // named explicitly: keep it all
        }
        reservedSkipped += count.longValueExact() - kept.indexableSize();
        List<BigInteger[]> list = ipv6.computeIfAbsent(group, g -> new ArrayList<>());
        for (int i = 0; i < kept.intervalCount(); i++) {
          list.add(new BigInteger[] {kept.first(i), kept.last(i)});
        }
        return;
      }
      IntervalSet.Builder set = ipv4.computeIfAbsent(group, g -> IntervalSet.builder());
      long first = range.firstV4();
      long last = range.lastV4();
      IntervalSet reserved = ReservedRanges.ipv4();
      if (first == last || reserved.containsAll(first, last)) {
        set.add(first, last); // one address, or wholly reserved: named explicitly
        return;
      }
      IntervalSet kept = IntervalSet.of(first, last).minus(reserved);
      if (kept.isEmpty()) {
        set.add(first, last); // covered by several reserved blocks, still nothing else
        return;
      }
      reservedSkipped += (last - first + 1) - kept.size();
      set.addAll(kept);
    }

    private static String describe(BigInteger count) {
      return count.bitCount() == 1 ? "2^" + (count.bitLength() - 1) : count.toString();
    }

    public TargetSpace build() {
      List<Segment> segments = new ArrayList<>();
      Map<Group, IntervalSet> v4 = new TreeMap<>(Group.ORDER);
      ipv4.forEach((group, set) -> v4.put(group, set.build().minus(exclusions.ipv4())));
      Map<Group, Ipv6Set> v6 = new TreeMap<>(Group.ORDER);
      ipv6.forEach((group, list) -> v6.put(group, Ipv6Set.of(list).minus(exclusions.ipv6())));
      // A named port that --ports also lists is already covered by the --ports group.
      IntervalSet listV4 = v4.getOrDefault(new Group(Target.HTTP, 0), IntervalSet.EMPTY);
      Ipv6Set listV6 = v6.getOrDefault(new Group(Target.HTTP, 0), Ipv6Set.EMPTY);
      v4.replaceAll((g, set) -> coveredByList(g) ? set.minus(listV4) : set);
      v6.replaceAll((g, set) -> coveredByList(g) ? set.minus(listV6) : set);

      v4.forEach(
          (group, set) -> {
            if (!set.isEmpty()) {
              segments.add(
                  new Segment.Ipv4(set, portsOf(group), group.scheme(), !group.usesList()));
            }
          });
      v6.forEach(
          (group, set) -> {
            if (!set.isEmpty()) {
              segments.add(
                  new Segment.Ipv6(set, portsOf(group), group.scheme(), !group.usesList()));
            }
          });
      List<Target> named = singleTargets(v4, v6);
      if (!named.isEmpty()) {
        segments.add(new Segment.Singles(named));
      }
      return new TargetSpace(segments, reservedSkipped, ports);
    }

    private boolean coveredByList(Group group) {
      return !group.usesList()
          && group.scheme().equals(Target.HTTP)
          && ports.contains(group.port());
    }

    private PortList portsOf(Group group) {
      return group.usesList() ? ports : PortList.of(group.port());
    }

    /** Named hosts × their ports, without duplicates or what the address segments cover. */
    private List<Target> singleTargets(Map<Group, IntervalSet> v4, Map<Group, Ipv6Set> v6) {
      Map<String, Target> unique = new LinkedHashMap<>();
      for (TargetExpression.Single single : singles) {
        PortList own =
            single.port() == TargetExpression.LIST_PORTS ? ports : PortList.of(single.port());
        for (int i = 0; i < own.size(); i++) {
          Target target = new Target(single.text(), single.host(), own.get(i), single.scheme());
          if (exclusions.excludes(target) || coveredByAddresses(target, v4, v6)) {
            continue;
          }
          unique.putIfAbsent(target.scheme() + "://" + target.authority(), target);
        }
      }
      List<Target> sorted = new ArrayList<>(unique.values());
      sorted.sort(
          Comparator.comparing(Target::host)
              .thenComparingInt(Target::port)
              .thenComparing(Target::scheme)
              .thenComparing(Target::label));
      return sorted;
    }

    private boolean coveredByAddresses(
        Target target, Map<Group, IntervalSet> v4, Map<Group, Ipv6Set> v6) {
      if (!target.hostIsAddress()) {
        return false;
      }
      Group own = new Group(target.scheme(), target.port());
      Group list = new Group(Target.HTTP, TargetExpression.LIST_PORTS);
      boolean listApplies = target.scheme().equals(Target.HTTP) && ports.contains(target.port());
      if (target.isIpv6()) {
        BigInteger address = Ipv6Text.parse(target.host());
        return v6.getOrDefault(own, Ipv6Set.EMPTY).contains(address)
            || (listApplies && v6.getOrDefault(list, Ipv6Set.EMPTY).contains(address));
      }
      long address = Ipv4Text.parse(target.host());
      return v4.getOrDefault(own, IntervalSet.EMPTY).contains(address)
          || (listApplies && v4.getOrDefault(list, IntervalSet.EMPTY).contains(address));
    }
  }
}
