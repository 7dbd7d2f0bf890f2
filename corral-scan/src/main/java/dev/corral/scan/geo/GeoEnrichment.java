package dev.corral.scan.geo;

import dev.corral.scan.record.Enrichment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;

/**
 * Country, and ASN and organisation when a database gives them, for each scanned address, from
 * offline MaxMind DB ({@code .mmdb}) files: nothing is sent anywhere.
 *
 * <p>The country comes from the bundled geo-whois-asn-country database unless the user gives one
 * ({@code --geoip FILE}: GeoLite2/GeoIP2 Country or City, DB-IP Lite, IPinfo Lite, ip-location-db,
 * any file with {@code country.iso_code} or {@code country_code}). ASN and organisation come from
 * {@code --asn-db FILE} (GeoLite2-ASN, DB-IP ASN Lite, ip-location-db ASN files, IPinfo), or from
 * the country file when it has them (IPinfo Lite). Loopback, private, documentation, multicast and
 * other special-purpose addresses are {@link Place#UNKNOWN} without a lookup.
 *
 * <p>Thread-safe and cheap per call: files are opened once (user files memory-mapped, the bundled
 * one read into memory once per process and shared by every instance); a lookup walks the
 * database's search tree and decodes only the fields corral reads.
 */
public final class GeoEnrichment implements Enrichment {

  /** The bundled database and its build-written description, next to this class. */
  static final String BUNDLED_RESOURCE = "geo-whois-asn-country.mmdb";

  static final String BUNDLED_PROPERTIES = "bundled.properties";

  private static volatile Bundled bundled;

  private final MmdbDatabase countries;
  // null when no database gives AS numbers; the same object as countries when that file does.
  private final MmdbDatabase asns;
  private final String description;
  private final LongAdder failures = new LongAdder();

  private GeoEnrichment(MmdbDatabase countries, MmdbDatabase asns, String description) {
    this.countries = countries;
    this.asns = asns;
    this.description = description;
  }

  /**
   * Country from the bundled database; no ASN. Every call shares one in-memory copy of the file.
   *
   * @throws GeoDatabaseException when the jar was built without the database (it is downloaded by
   *     the Maven build, not kept in git)
   */
  public static GeoEnrichment bundled() {
    Bundled b = bundledDatabase();
    return new GeoEnrichment(b.database(), null, b.description());
  }

  /**
   * The databases the user chose.
   *
   * @param countryDbOrNull a country (or city) database; null for the bundled one
   * @param asnDbOrNull an ASN database; null for none, in which case ASN and organisation come from
   *     the country database if it has them
   * @throws GeoDatabaseException naming the file, when one is missing or unreadable, is not a
   *     MaxMind DB file, or lacks the fields its role needs (the message lists those it has)
   */
  public static GeoEnrichment open(Path countryDbOrNull, Path asnDbOrNull) {
    MmdbDatabase countries;
    String description;
    if (countryDbOrNull == null) {
      Bundled b = bundledDatabase();
      countries = b.database();
      description = b.description();
    } else {
      countries = MmdbDatabase.open(countryDbOrNull, "country database");
      if (!countries.hasCountries()) {
        throw new GeoDatabaseException(
            "country database "
                + countryDbOrNull
                + " ("
                + countries.typeAndDate()
                + ") has no country field: corral reads country.iso_code,"
                + " registered_country.iso_code or country_code, and its records have "
                + countries.fieldList()
                + (countries.hasAsns()
                    ? ". It looks like an ASN database: give it as --asn-db"
                    : ""));
      }
      description = countries.typeAndDate() + " (" + countries.name() + ")";
    }
    MmdbDatabase asns = countries.hasAsns() ? countries : null;
    if (asnDbOrNull != null) {
      asns = MmdbDatabase.open(asnDbOrNull, "ASN database");
      if (!asns.hasAsns()) {
        throw new GeoDatabaseException(
            "ASN database "
                + asnDbOrNull
                + " ("
                + asns.typeAndDate()
                + ") has no AS number field: corral reads autonomous_system_number"
                + " (GeoLite2-ASN, DB-IP, ip-location-db) or asn (IPinfo), and its records have "
                + asns.fieldList());
      }
      description += "; ASN: " + asns.typeAndDate() + " (" + asns.name() + ")";
    } else if (asns != null) {
      description += ", with ASN";
    }
    return new GeoEnrichment(countries, asns, description);
  }

  @Override
  public Place locate(InetAddress address) {
    if (address == null) {
      return Place.UNKNOWN;
    }
    InetAddress ip = SpecialAddresses.unmapped(address);
    if (SpecialAddresses.special(ip)) {
      return Place.UNKNOWN;
    }
    try {
      Place place = countries.lookup(ip);
      if (asns == null || asns == countries) {
        return place;
      }
      Place as = asns.lookup(ip);
      if (as.asn() == null && as.org() == null) {
        return place; // with the country file's own ASN, if it has one
      }
      return new Place(place.country(), as.asn(), as.org());
    } catch (IOException | RuntimeException e) {
      // A damaged region of a file must not stop a scan: that host goes without a place.
      failures.increment();
      return Place.UNKNOWN;
    }
  }

  /**
   * For the scan summary: "geo-whois-asn-country 2026-06-17 (CC0 1.0; ...), bundled", or the type
   * and build date each user file declares, with its file name.
   */
  public String describe() {
    return description;
  }

  /** Whether lookups can give an ASN and organisation. */
  public boolean providesAsn() {
    return asns != null;
  }

  /** Lookups that failed on a damaged database record and gave {@link Place#UNKNOWN}. */
  public long failedLookups() {
    return failures.sum();
  }

  MmdbDatabase countryDatabase() {
    return countries;
  }

  @Override
  public String toString() {
    return "GeoEnrichment[" + description + "]";
  }

  private record Bundled(MmdbDatabase database, String description) {}

  private static Bundled bundledDatabase() {
    Bundled b = bundled;
    if (b == null) {
      synchronized (GeoEnrichment.class) {
        b = bundled;
        if (b == null) {
          b = loadBundled();
          bundled = b;
        }
      }
    }
    return b;
  }

  private static Bundled loadBundled() {
    String where = "the bundled GeoIP database (dev/corral/scan/geo/" + BUNDLED_RESOURCE + ")";
    Properties about = new Properties();
    MmdbDatabase database;
    try (InputStream db = GeoEnrichment.class.getResourceAsStream(BUNDLED_RESOURCE);
        InputStream props = GeoEnrichment.class.getResourceAsStream(BUNDLED_PROPERTIES)) {
      if (db == null || props == null) {
        throw new GeoDatabaseException(
            where
                + " is missing from the classpath. The Maven build downloads it (./mvnw -B"
                + " package); a build from an IDE alone does not, and --geoip FILE works without"
                + " it.");
      }
      about.load(props);
      database = MmdbDatabase.read(db, where, about.getProperty("name", BUNDLED_RESOURCE));
    } catch (IOException e) {
      throw new UncheckedIOException(where + " could not be read", e);
    }
    String description =
        about.getProperty("name", "geo-whois-asn-country")
            + " "
            + database.buildDate()
            + " ("
            + about.getProperty("licence", "licence unknown")
            + "), bundled";
    return new Bundled(database, description);
  }
}
