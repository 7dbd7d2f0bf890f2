package dev.corral.scan.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.Metadata;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import dev.corral.scan.record.Enrichment.Place;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One opened MaxMind DB file and what corral can read from it. The record layout is learnt once,
 * when the file is opened, from a sample of its records; lookups then decode only the fields corral
 * uses. Thread-safe: the reader is shared and immutable once open.
 */
final class MmdbDatabase {

  /** Networks read at open time to learn the record layout. */
  private static final int SAMPLE = 1_000;

  /** Field names listed at most in an error message. */
  private static final int FIELDS_SHOWN = 24;

  /** The two record layouts corral knows (see {@link MmdbShapes}). */
  enum Shape {
    NESTED,
    FLAT
  }

  private final Reader reader;
  private final String name;
  private final Metadata metadata;
  private final Shape shape;
  private final boolean countries;
  private final boolean asns;
  private final boolean ipv6;
  private final SortedSet<String> fields;

  private MmdbDatabase(
      Reader reader,
      String name,
      Shape shape,
      boolean countries,
      boolean asns,
      SortedSet<String> fields) {
    this.reader = reader;
    this.name = name;
    this.metadata = reader.getMetadata();
    this.shape = shape;
    this.countries = countries;
    this.asns = asns;
    this.ipv6 = metadata.ipVersion() == 6;
    this.fields = fields;
  }

  /**
   * Opens a database file, memory-mapped. {@code role} ("country database", "ASN database") starts
   * every error message.
   */
  static MmdbDatabase open(Path file, String role) {
    String where = role + " " + file;
    if (!Files.exists(file)) {
      throw new GeoDatabaseException(where + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new GeoDatabaseException(where + " is a directory, not a .mmdb file");
    }
    if (!Files.isReadable(file)) {
      throw new GeoDatabaseException(where + " cannot be read (permission denied)");
    }
    Reader reader;
    try {
      reader = new Reader(file.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache());
    } catch (InvalidDatabaseException e) {
      throw notMmdb(where, e);
    } catch (IOException e) {
      throw new GeoDatabaseException(where + " could not be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw notMmdb(where, e);
    }
    return inspect(reader, where, String.valueOf(file.getFileName()));
  }

  /** Reads a whole database into memory from a stream (the bundled one, from the classpath). */
  static MmdbDatabase read(InputStream in, String where, String name) {
    Reader reader;
    try {
      reader = new Reader(in, new CHMCache());
    } catch (InvalidDatabaseException e) {
      throw notMmdb(where, e);
    } catch (IOException e) {
      throw new GeoDatabaseException(where + " could not be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw notMmdb(where, e);
    }
    return inspect(reader, where, name);
  }

  private static GeoDatabaseException notMmdb(String where, Exception e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("metadata marker")) {
      return new GeoDatabaseException(
          where + " is not a MaxMind DB (.mmdb) file: it has no MaxMind DB metadata section", e);
    }
    return new GeoDatabaseException(
        where + " is not a valid MaxMind DB (.mmdb) file: " + message, e);
  }

  /** Learns the layout from the first {@link #SAMPLE} networks and checks it decodes. */
  private static MmdbDatabase inspect(Reader reader, String where, String name) {
    SortedSet<String> fields = new TreeSet<>();
    boolean nested = false;
    boolean nestedCountry = false;
    boolean flatCountry = false;
    boolean asNumber = false;
    boolean ipinfoAsn = false;
    List<InetAddress> probes = new ArrayList<>();
    try {
      Networks<Map<String, Object>> networks = reader.networks(anyMap());
      for (int n = 0; n < SAMPLE && networks.hasNext(); n++) {
        DatabaseRecord<Map<String, Object>> found = networks.next();
        Map<String, Object> record = found.data();
        if (record == null) {
          continue;
        }
        if (probes.size() < 16) {
          probes.add(found.network().networkAddress());
        }
        for (Map.Entry<String, Object> field : record.entrySet()) {
          fields.add(field.getKey());
          if (field.getValue() instanceof Map<?, ?> inner) {
            for (Object key : inner.keySet()) {
              fields.add(field.getKey() + "." + key);
            }
          }
        }
        Object country = record.get("country");
        Object registered = record.get("registered_country");
        if (country instanceof Map<?, ?> || registered instanceof Map<?, ?>) {
          nested = true;
          nestedCountry |= isoCodeIn(country) || isoCodeIn(registered);
        }
        flatCountry |=
            countryCode(record.get("country_code")) != null || countryCode(country) != null;
        asNumber |= record.containsKey("autonomous_system_number");
        ipinfoAsn |= record.containsKey("asn");
      }
    } catch (InvalidNetworkException | IOException | RuntimeException e) {
      throw new GeoDatabaseException(
          where
              + " is not a valid MaxMind DB (.mmdb) file: its records cannot be read ("
              + e.getMessage()
              + ")",
          e);
    }
    if (probes.isEmpty()) {
      throw new GeoDatabaseException(where + " holds no records");
    }
    Shape shape = nested ? Shape.NESTED : Shape.FLAT;
    MmdbDatabase db =
        new MmdbDatabase(
            reader,
            name,
            shape,
            nested ? nestedCountry : flatCountry,
            nested ? asNumber : asNumber || ipinfoAsn,
            fields);
    for (InetAddress probe : probes) {
      try {
        db.lookup(probe);
      } catch (IOException | RuntimeException e) {
        throw new GeoDatabaseException(
            where + ": its records do not decode as " + shape + " records: " + e.getMessage(), e);
      }
    }
    return db;
  }

  @SuppressWarnings("unchecked")
  private static Class<Map<String, Object>> anyMap() {
    return (Class<Map<String, Object>>) (Class<?>) Map.class;
  }

  private static boolean isoCodeIn(Object value) {
    return value instanceof Map<?, ?> map && countryCode(map.get("iso_code")) != null;
  }

  /** Country, ASN and organisation of an address, each null when this file does not say. */
  Place lookup(InetAddress address) throws IOException {
    if (!ipv6 && address.getAddress().length == 16) {
      return Place.UNKNOWN; // an IPv4-only file knows nothing of IPv6
    }
    return switch (shape) {
      case NESTED -> nested(reader.get(address, MmdbShapes.Nested.class));
      case FLAT -> flat(reader.get(address, MmdbShapes.Flat.class));
    };
  }

  private static Place nested(MmdbShapes.Nested record) {
    if (record == null) {
      return Place.UNKNOWN;
    }
    String country = record.country() == null ? null : countryCode(record.country().isoCode());
    if (country == null && record.registeredCountry() != null) {
      country = countryCode(record.registeredCountry().isoCode());
    }
    return place(country, asNumber(record.asNumber()), text(record.asOrganization()));
  }

  private static Place flat(MmdbShapes.Flat record) {
    if (record == null) {
      return Place.UNKNOWN;
    }
    String country = countryCode(record.countryCode());
    if (country == null) {
      country = countryCode(record.country());
    }
    Long asn = asNumber(record.asNumber());
    if (asn == null) {
      asn = asNumber(record.asn());
    }
    String org = text(record.asOrganization());
    if (org == null) {
      org = text(record.asName());
    }
    return place(country, asn, org);
  }

  private static Place place(String country, Long asn, String org) {
    if (country == null && asn == null && org == null) {
      return Place.UNKNOWN;
    }
    return new Place(country, asn, org);
  }

  /** Two ASCII letters, upper-cased; anything else (a country name, "", null) is no code. */
  static String countryCode(Object value) {
    if (!(value instanceof String code) || code.length() != 2) {
      return null;
    }
    for (int i = 0; i < 2; i++) {
      char c = code.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
        return null;
      }
    }
    return code.toUpperCase(Locale.ROOT);
  }

  /**
   * An AS number from a number (GeoLite2, DB-IP, ip-location-db) or text ("AS15169" in IPinfo,
   * "15169"). 0 and values outside 32 bits are no number.
   */
  static Long asNumber(Object value) {
    long number;
    if (value instanceof Number n) {
      number = n.longValue();
    } else if (value instanceof String text) {
      String digits = text.strip();
      if (digits.regionMatches(true, 0, "AS", 0, 2)) {
        digits = digits.substring(2);
      }
      if (digits.isEmpty()
          || digits.length() > 10
          || !digits.chars().allMatch(Character::isDigit)) {
        return null;
      }
      number = Long.parseLong(digits);
    } else {
      return null;
    }
    return number > 0 && number <= 0xFFFF_FFFFL ? number : null;
  }

  private static String text(Object value) {
    if (value instanceof String text) {
      String stripped = text.strip();
      return stripped.isEmpty() ? null : stripped;
    }
    return null;
  }

  boolean hasCountries() {
    return countries;
  }

  boolean hasAsns() {
    return asns;
  }

  Shape shape() {
    return shape;
  }

  /** "GeoLite2-Country 2026-11-20": the type the file declares and the day it was built (UTC). */
  String typeAndDate() {
    return metadata.databaseType() + " " + buildDate();
  }

  String buildDate() {
    return metadata.buildTime().atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  String name() {
    return name;
  }

  /** The record fields seen when the file was opened, for error messages. */
  String fieldList() {
    if (fields.isEmpty()) {
      return "no fields at all";
    }
    List<String> shown = new ArrayList<>(fields).subList(0, Math.min(FIELDS_SHOWN, fields.size()));
    String list = String.join(", ", shown);
    return fields.size() > FIELDS_SHOWN
        ? list + " and " + (fields.size() - FIELDS_SHOWN) + " more"
        : list;
  }
}
