package dev.corral.scan.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small MaxMind DB writer for test fixtures, after the MaxMind DB File Format Specification 2.0:
 * a binary search tree of 24-bit records, a 16-byte separator, a data section and a metadata map
 * after the {@code \xAB\xCD\xEFMaxMind.com} marker. No pointers or compression: each distinct
 * record is written once and the tree points at it. Files it writes are read by the real MaxMind
 * reader, which is what the tests rely on.
 *
 * <p>Java values map to MMDB types: {@link String} utf8_string, {@link Map} map, {@link List}
 * array, {@link Boolean} boolean, {@link Double} double, {@link Long} uint32, {@link Integer}
 * uint16, {@link BigInteger} uint64, {@link Int32} int32.
 */
final class MmdbWriter {

  /** A signed 32-bit integer field (type int32). */
  record Int32(int value) {}

  private static final byte[] METADATA_MARKER = {
    (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'
  };

  private final int ipVersion;
  private final String databaseType;
  private long buildEpoch = 1_781_654_400L; // 2026-06-17T00:00:00Z
  private final Node root = new Node();

  private static final class Node {
    final Object[] children = new Object[2]; // null, Node or Leaf
  }

  private record Leaf(Map<String, Object> data) {}

  MmdbWriter(int ipVersion, String databaseType) {
    if (ipVersion != 4 && ipVersion != 6) {
      throw new IllegalArgumentException("ip version 4 or 6");
    }
    this.ipVersion = ipVersion;
    this.databaseType = databaseType;
  }

  MmdbWriter buildEpoch(long seconds) {
    this.buildEpoch = seconds;
    return this;
  }

  /**
   * Maps a network to a record. IPv4 networks in an IPv6 tree go under {@code ::/96}, where readers
   * look IPv4 addresses up. Later, more specific networks split earlier ones.
   */
  MmdbWriter insert(String cidr, Map<String, Object> data) {
    int slash = cidr.indexOf('/');
    byte[] address;
    try {
      address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException(cidr, e);
    }
    int prefix = Integer.parseInt(cidr.substring(slash + 1));
    if (ipVersion == 6 && address.length == 4) {
      byte[] wide = new byte[16];
      System.arraycopy(address, 0, wide, 12, 4);
      address = wide;
      prefix += 96;
    } else if (ipVersion == 4 && address.length == 16) {
      throw new IllegalArgumentException("IPv6 network in an IPv4 database: " + cidr);
    }
    if (prefix < 1) {
      throw new IllegalArgumentException("prefix must be at least 1: " + cidr);
    }
    Leaf leaf = new Leaf(data);
    Node node = root;
    for (int depth = 0; depth < prefix - 1; depth++) {
      int bit = bit(address, depth);
      Object child = node.children[bit];
      if (child instanceof Node next) {
        node = next;
      } else {
        Node split = new Node();
        split.children[0] = child; // a wider network's record, or nothing
        split.children[1] = child;
        node.children[bit] = split;
        node = split;
      }
    }
    node.children[bit(address, prefix - 1)] = leaf;
    return this;
  }

  private static int bit(byte[] address, int index) {
    return (address[index / 8] >> (7 - index % 8)) & 1;
  }

  byte[] build() {
    // Number the nodes breadth-first; the root is node 0.
    List<Node> nodes = new ArrayList<>();
    IdentityHashMap<Node, Integer> numbers = new IdentityHashMap<>();
    Deque<Node> queue = new ArrayDeque<>();
    queue.add(root);
    while (!queue.isEmpty()) {
      Node node = queue.remove();
      numbers.put(node, nodes.size());
      nodes.add(node);
      for (Object child : node.children) {
        if (child instanceof Node next) {
          queue.add(next);
        }
      }
    }
    int nodeCount = nodes.size();

    // The data section: each distinct record once.
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<Map<String, Object>, Integer> offsets = new HashMap<>();
    for (Node node : nodes) {
      for (Object child : node.children) {
        if (child instanceof Leaf leaf && !offsets.containsKey(leaf.data())) {
          offsets.put(leaf.data(), data.size());
          encode(data, leaf.data());
        }
      }
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node node : nodes) {
      for (Object child : node.children) {
        long record;
        if (child == null) {
          record = nodeCount; // no data
        } else if (child instanceof Node next) {
          record = numbers.get(next);
        } else {
          record = nodeCount + 16L + offsets.get(((Leaf) child).data());
        }
        if (record >= 1L << 24) {
          throw new IllegalStateException("fixture too large for 24-bit records");
        }
        out.write((int) (record >> 16) & 0xff);
        out.write((int) (record >> 8) & 0xff);
        out.write((int) record & 0xff);
      }
    }
    out.writeBytes(new byte[16]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", (long) nodeCount);
    metadata.put("record_size", 24);
    metadata.put("ip_version", ipVersion);
    metadata.put("database_type", databaseType);
    metadata.put("languages", List.of("en"));
    metadata.put("binary_format_major_version", 2);
    metadata.put("binary_format_minor_version", 0);
    metadata.put("build_epoch", BigInteger.valueOf(buildEpoch));
    metadata.put("description", Map.of("en", "corral test fixture " + databaseType));
    encode(out, metadata);
    return out.toByteArray();
  }

  Path write(Path file) throws IOException {
    Files.write(file, build());
    return file;
  }

  private static void encode(ByteArrayOutputStream out, Object value) {
    switch (value) {
      case String s -> {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        control(out, 2, bytes.length);
        out.writeBytes(bytes);
      }
      case Double d -> {
        control(out, 3, 8);
        long bits = Double.doubleToLongBits(d);
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) (bits >> shift) & 0xff);
        }
      }
      case Integer i -> unsigned(out, 5, i, 2);
      case Long l -> unsigned(out, 6, l, 4);
      case Int32 i -> {
        control(out, 8, 4);
        for (int shift = 24; shift >= 0; shift -= 8) {
          out.write((i.value() >> shift) & 0xff);
        }
      }
      case BigInteger b -> unsigned(out, 9, b.longValueExact(), 8);
      case Boolean b -> control(out, 14, b ? 1 : 0);
      case Map<?, ?> map -> {
        control(out, 7, map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          encode(out, (String) entry.getKey());
          encode(out, entry.getValue());
        }
      }
      case List<?> list -> {
        control(out, 11, list.size());
        for (Object element : list) {
          encode(out, element);
        }
      }
      default -> throw new IllegalArgumentException("no MMDB type for " + value.getClass());
    }
  }

  /** An unsigned integer in as few big-endian bytes as it needs (none for 0). */
  private static void unsigned(ByteArrayOutputStream out, int type, long value, int maxBytes) {
    if (value < 0 || (maxBytes < 8 && value >= 1L << (8 * maxBytes))) {
      throw new IllegalArgumentException(value + " does not fit type " + type);
    }
    int size = 0;
    for (long rest = value; rest != 0; rest >>>= 8) {
      size++;
    }
    control(out, type, size);
    for (int i = size - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  /** Type and size: types above 7 are "extended" (a zero type, then the type minus 7). */
  private static void control(ByteArrayOutputStream out, int type, int size) {
    int sizeBits;
    byte[] extra;
    if (size < 29) {
      sizeBits = size;
      extra = new byte[0];
    } else if (size < 29 + 256) {
      sizeBits = 29;
      extra = new byte[] {(byte) (size - 29)};
    } else if (size < 285 + 65_536) {
      sizeBits = 30;
      int rest = size - 285;
      extra = new byte[] {(byte) (rest >> 8), (byte) rest};
    } else {
      sizeBits = 31;
      int rest = size - 65_821;
      extra = new byte[] {(byte) (rest >> 16), (byte) (rest >> 8), (byte) rest};
    }
    if (type <= 7) {
      out.write(type << 5 | sizeBits);
    } else {
      out.write(sizeBits);
      out.write(type - 7);
    }
    out.writeBytes(extra);
  }
}
