package dev.corral.scan.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.scan.record.Enrichment.Place;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User-supplied databases ({@code --geoip}, {@code --asn-db}), as files written by {@link
 * MmdbWriter} in the record layouts of GeoLite2 Country and ASN, DB-IP Lite, ip-location-db and
 * IPinfo, with the field names and types those publishers document. The data in them is made up
 * (documentation AS numbers, invented organisations); what is tested is that each layout is
 * recognised and mapped. The real MaxMind reader reads every file.
 */
class GeoDatabaseFilesTest {

  @TempDir Path dir;

  // --- fixtures -------------------------------------------------------------------------------

  private static Map<String, Object> geoip2Country(long geonameId, String iso, String name) {
    Map<String, Object> country = new LinkedHashMap<>();
    country.put("geoname_id", geonameId);
    country.put("is_in_european_union", !"US".equals(iso));
    country.put("iso_code", iso);
    country.put("names", Map.of("en", name, "de", name, "ja", name));
    return country;
  }

  private static Map<String, Object> continent(String code) {
    return Map.of("code", code, "geoname_id", 6_255_148L, "names", Map.of("en", code));
  }

  /** GeoLite2-Country layout: country, registered_country, continent maps. */
  private Path geolite2Country() throws IOException {
    Map<String, Object> gb = new LinkedHashMap<>();
    gb.put("continent", continent("EU"));
    gb.put("country", geoip2Country(2_635_167L, "GB", "United Kingdom"));
    gb.put("registered_country", geoip2Country(2_635_167L, "GB", "United Kingdom"));
    Map<String, Object> seRegisteredInDe = new LinkedHashMap<>();
    seRegisteredInDe.put("continent", continent("EU"));
    seRegisteredInDe.put("country", geoip2Country(2_661_886L, "SE", "Sweden"));
    seRegisteredInDe.put("registered_country", geoip2Country(2_921_044L, "DE", "Germany"));
    // Anycast networks have no country, only the registrant's.
    Map<String, Object> anycast = new LinkedHashMap<>();
    anycast.put("continent", continent("NA"));
    anycast.put("registered_country", geoip2Country(6_252_001L, "US", "United States"));
    Map<String, Object> de = new LinkedHashMap<>();
    de.put("continent", continent("EU"));
    de.put("country", geoip2Country(2_921_044L, "DE", "Germany"));
    de.put("registered_country", geoip2Country(2_921_044L, "DE", "Germany"));
    return new MmdbWriter(6, "GeoLite2-Country")
        .insert("81.2.69.0/24", gb)
        .insert("89.160.20.0/24", seRegisteredInDe)
        .insert("45.90.28.0/24", anycast)
        .insert("2a02:d400::/29", de)
        .write(dir.resolve("GeoLite2-Country.mmdb"));
  }

  private static Map<String, Object> maxmindAsn(long number, String org) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("autonomous_system_number", number); // uint32, as GeoLite2-ASN stores it
    record.put("autonomous_system_organization", org);
    return record;
  }

  /** GeoLite2-ASN layout (DB-IP ASN Lite and ip-location-db ASN files use the same two fields). */
  private Path geolite2Asn() throws IOException {
    return new MmdbWriter(6, "GeoLite2-ASN")
        .insert("8.8.8.0/24", maxmindAsn(64_500L, "Example Resolver Co"))
        .insert("81.2.69.0/24", maxmindAsn(64_501L, "Example Broadband Ltd"))
        .insert("89.160.20.0/24", maxmindAsn(4_200_000_000L, "Example 32-bit AS AB"))
        .insert("2a02:d400::/29", maxmindAsn(65_550L, "Example Hosting GmbH"))
        .write(dir.resolve("GeoLite2-ASN.mmdb"));
  }

  /** ip-location-db's asn-ipv4.mmdb: an IPv4-only tree, flat fields. */
  private Path ipLocationDbAsnIpv4() throws IOException {
    return new MmdbWriter(4, "asn ipv4")
        .insert("8.8.8.0/24", maxmindAsn(64_502L, "Example Anycast Inc"))
        .insert("81.2.69.0/24", maxmindAsn(64_503L, "Example Carrier plc"))
        .write(dir.resolve("asn-ipv4.mmdb"));
  }

  /** IPinfo Lite: flat, country and AS in one file, the AS number as text ("AS15169"). */
  private Path ipinfoLite() throws IOException {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("asn", "AS64504");
    record.put("as_name", "Example Cloud LLC");
    record.put("as_domain", "example.com");
    record.put("country_code", "CA");
    record.put("country", "Canada");
    record.put("continent_code", "NA");
    record.put("continent", "North America");
    Map<String, Object> noAs = new LinkedHashMap<>();
    noAs.put("country_code", "fr"); // lower case is accepted and upper-cased
    noAs.put("country", "France");
    return new MmdbWriter(6, "ipinfo ipinfo_lite.mmdb")
        .insert("81.2.69.0/24", record)
        .insert("2a02:d400::/29", noAs)
        .write(dir.resolve("ipinfo_lite.mmdb"));
  }

  private static InetAddress ip(String text) throws IOException {
    return InetAddress.getByName(text);
  }

  // --- country databases ----------------------------------------------------------------------

  @Test
  void geolite2CountryLayout() throws Exception {
    GeoEnrichment geo = GeoEnrichment.open(geolite2Country(), null);

    assertThat(geo.countryDatabase().shape()).isEqualTo(MmdbDatabase.Shape.NESTED);
    assertThat(geo.locate(ip("81.2.69.142"))).isEqualTo(new Place("GB", null, null));
    assertThat(geo.locate(ip("89.160.20.112")).country())
        .as("where the network is, not who registered it")
        .isEqualTo("SE");
    assertThat(geo.locate(ip("45.90.28.1")).country())
        .as("no country: the registered country")
        .isEqualTo("US");
    assertThat(geo.locate(ip("2a02:d400::1")).country()).isEqualTo("DE");
    assertThat(geo.locate(ip("8.8.8.8"))).as("not in this file").isSameAs(Place.UNKNOWN);
    assertThat(geo.providesAsn()).isFalse();
    assertThat(geo.describe()).isEqualTo("GeoLite2-Country 2026-06-17 (GeoLite2-Country.mmdb)");
  }

  @Test
  void flatCountryCodeLayoutLikeTheBundledFile() throws Exception {
    Path file =
        new MmdbWriter(6, "country ipvAll")
            .insert("81.2.69.0/24", Map.of("country_code", "GB"))
            .insert("2a02:d400::/29", Map.of("country_code", "DE"))
            .write(dir.resolve("geo-asn-country.mmdb"));
    GeoEnrichment geo = GeoEnrichment.open(file, null);

    assertThat(geo.countryDatabase().shape()).isEqualTo(MmdbDatabase.Shape.FLAT);
    assertThat(geo.locate(ip("81.2.69.1")).country()).isEqualTo("GB");
    assertThat(geo.locate(ip("2a02:d400::1")).country()).isEqualTo("DE");
  }

  @Test
  void ipinfoLiteGivesCountryAndAsnFromOneFile() throws Exception {
    GeoEnrichment geo = GeoEnrichment.open(ipinfoLite(), null);

    assertThat(geo.providesAsn()).isTrue();
    assertThat(geo.locate(ip("81.2.69.7")))
        .isEqualTo(new Place("CA", 64_504L, "Example Cloud LLC"));
    assertThat(geo.locate(ip("2a02:d400::9"))).isEqualTo(new Place("FR", null, null));
    assertThat(geo.describe())
        .isEqualTo("ipinfo ipinfo_lite.mmdb 2026-06-17 (ipinfo_lite.mmdb), with ASN");
  }

  @Test
  void ipinfoCountryAsnLayoutWithTheCodeInCountry() throws Exception {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("country", "FR");
    record.put("country_name", "France");
    record.put("asn", "AS64505");
    record.put("as_name", "Example Telecom SA");
    Path file =
        new MmdbWriter(6, "ipinfo country_asn.mmdb")
            .insert("81.2.69.0/24", record)
            .write(dir.resolve("country_asn.mmdb"));

    assertThat(GeoEnrichment.open(file, null).locate(ip("81.2.69.1")))
        .isEqualTo(new Place("FR", 64_505L, "Example Telecom SA"));
  }

  @Test
  void anIpv4OnlyFileKnowsNothingOfIpv6() throws Exception {
    Path file =
        new MmdbWriter(4, "country ipv4")
            .insert("81.2.69.0/24", Map.of("country_code", "GB"))
            .write(dir.resolve("country-ipv4.mmdb"));
    GeoEnrichment geo = GeoEnrichment.open(file, null);

    assertThat(geo.locate(ip("81.2.69.1")).country()).isEqualTo("GB");
    assertThat(geo.locate(ip("2a02:d400::1"))).isSameAs(Place.UNKNOWN);
    assertThat(geo.failedLookups()).isZero();
  }

  // --- ASN databases --------------------------------------------------------------------------

  @Test
  void geolite2AsnBesideTheBundledCountries() throws Exception {
    GeoEnrichment geo = GeoEnrichment.open(null, geolite2Asn());

    assertThat(geo.providesAsn()).isTrue();
    assertThat(geo.locate(ip("8.8.8.8")))
        .as("country from the bundled file, AS from the ASN file")
        .isEqualTo(new Place("US", 64_500L, "Example Resolver Co"));
    assertThat(geo.locate(ip("8.8.4.4")))
        .as("outside the ASN file: country only")
        .isEqualTo(new Place("US", null, null));
    assertThat(geo.describe())
        .startsWith("geo-whois-asn-country 2026-06-17 (")
        .endsWith("), bundled; ASN: GeoLite2-ASN 2026-06-17 (GeoLite2-ASN.mmdb)");
  }

  @Test
  void geolite2CountryAndAsnTogether() throws Exception {
    GeoEnrichment geo = GeoEnrichment.open(geolite2Country(), geolite2Asn());

    assertThat(geo.locate(ip("81.2.69.142")))
        .isEqualTo(new Place("GB", 64_501L, "Example Broadband Ltd"));
    assertThat(geo.locate(ip("89.160.20.1")))
        .as("32-bit AS numbers above 2^31")
        .isEqualTo(new Place("SE", 4_200_000_000L, "Example 32-bit AS AB"));
    assertThat(geo.locate(ip("2a02:d400::1")))
        .isEqualTo(new Place("DE", 65_550L, "Example Hosting GmbH"));
    assertThat(geo.describe())
        .isEqualTo(
            "GeoLite2-Country 2026-06-17 (GeoLite2-Country.mmdb);"
                + " ASN: GeoLite2-ASN 2026-06-17 (GeoLite2-ASN.mmdb)");
  }

  @Test
  void ipLocationDbAsnFileIpv4Only() throws Exception {
    GeoEnrichment geo = GeoEnrichment.open(geolite2Country(), ipLocationDbAsnIpv4());

    assertThat(geo.locate(ip("81.2.69.1")))
        .isEqualTo(new Place("GB", 64_503L, "Example Carrier plc"));
    assertThat(geo.locate(ip("2a02:d400::1"))).isEqualTo(new Place("DE", null, null));
  }

  @Test
  void asnFileWinsOverTheCountryFilesOwnAsnWhereItHasOne() throws Exception {
    GeoEnrichment geo = GeoEnrichment.open(ipinfoLite(), ipLocationDbAsnIpv4());

    assertThat(geo.locate(ip("81.2.69.1")))
        .isEqualTo(new Place("CA", 64_503L, "Example Carrier plc"));
  }

  @Test
  void asNumbersStoredAsTextOrSmallIntegersAreRead() throws Exception {
    Map<String, Object> asText = new LinkedHashMap<>();
    asText.put("autonomous_system_number", "64506");
    asText.put("autonomous_system_organization", "  Example Text AS  ");
    Map<String, Object> asUint16 = new LinkedHashMap<>();
    asUint16.put("autonomous_system_number", 64_507); // uint16
    asUint16.put("autonomous_system_organization", "Example Small AS");
    Map<String, Object> asInt32 = new LinkedHashMap<>();
    asInt32.put("autonomous_system_number", new MmdbWriter.Int32(64_508));
    Map<String, Object> zero = new LinkedHashMap<>();
    zero.put("autonomous_system_number", 0L);
    zero.put("autonomous_system_organization", "");
    Path file =
        new MmdbWriter(6, "odd-asn")
            .insert("81.2.69.0/24", asText)
            .insert("89.160.20.0/24", asUint16)
            .insert("45.90.28.0/24", asInt32)
            .insert("8.8.8.0/24", zero)
            .write(dir.resolve("odd-asn.mmdb"));
    GeoEnrichment geo = GeoEnrichment.open(geolite2Country(), file);

    assertThat(geo.locate(ip("81.2.69.1"))).isEqualTo(new Place("GB", 64_506L, "Example Text AS"));
    assertThat(geo.locate(ip("89.160.20.1")))
        .isEqualTo(new Place("SE", 64_507L, "Example Small AS"));
    assertThat(geo.locate(ip("45.90.28.1"))).isEqualTo(new Place("US", 64_508L, null));
    assertThat(geo.locate(ip("8.8.8.8"))).as("AS 0 is no AS").isSameAs(Place.UNKNOWN);
    assertThat(geo.failedLookups()).isZero();
  }

  // --- bad files ------------------------------------------------------------------------------

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("GeoLite2-City.mmdb");
    assertThatThrownBy(() -> GeoEnrichment.open(missing, null))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessage("country database " + missing + ": no such file");
    assertThatThrownBy(() -> GeoEnrichment.open(null, missing))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessage("ASN database " + missing + ": no such file");
  }

  @Test
  void directoryIsNotADatabase() {
    assertThatThrownBy(() -> GeoEnrichment.open(dir, null))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessage("country database " + dir + " is a directory, not a .mmdb file");
  }

  @Test
  void textFileIsNotAnMmdb() throws Exception {
    Path csv = dir.resolve("geo-whois-asn-country-ipv4.csv");
    Files.writeString(csv, "1.0.0.0,1.0.0.255,AU\n1.0.1.0,1.0.3.255,CN\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> GeoEnrichment.open(csv, null))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessage(
            "country database "
                + csv
                + " is not a MaxMind DB (.mmdb) file: it has no MaxMind DB metadata section");
  }

  @Test
  void emptyFileIsNotAnMmdb() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.mmdb"));

    assertThatThrownBy(() -> GeoEnrichment.open(null, empty))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessageStartingWith("ASN database " + empty + " is not a MaxMind DB (.mmdb) file");
  }

  @Test
  void truncatedFileIsNotAnMmdb() throws Exception {
    byte[] whole = Files.readAllBytes(geolite2Country());
    Path half = dir.resolve("half.mmdb");
    Files.write(half, Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> GeoEnrichment.open(half, null))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessageStartingWith("country database " + half + " is not a MaxMind DB (.mmdb) file");
  }

  @Test
  void asnFileGivenAsTheCountryDatabaseSaysWhatItHas() throws Exception {
    Path asn = geolite2Asn();

    assertThatThrownBy(() -> GeoEnrichment.open(asn, null))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessage(
            "country database "
                + asn
                + " (GeoLite2-ASN 2026-06-17) has no country field: corral reads"
                + " country.iso_code, registered_country.iso_code or country_code, and its"
                + " records have autonomous_system_number, autonomous_system_organization."
                + " It looks like an ASN database: give it as --asn-db");
  }

  @Test
  void countryFileGivenAsTheAsnDatabaseSaysWhatItHas() throws Exception {
    Path country = geolite2Country();

    assertThatThrownBy(() -> GeoEnrichment.open(null, country))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessageStartingWith(
            "ASN database "
                + country
                + " (GeoLite2-Country 2026-06-17) has no AS number field: corral reads"
                + " autonomous_system_number (GeoLite2-ASN, DB-IP, ip-location-db) or asn"
                + " (IPinfo), and its records have continent, continent.code,"
                + " continent.geoname_id, continent.names, country, country.geoname_id,");
  }

  @Test
  void cityDatabaseWithoutCountriesIsRefused() throws Exception {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("city", Map.of("names", Map.of("en", "Nowhere")));
    record.put("location", Map.of("latitude", 51.5, "longitude", -0.1));
    record.put("country", Map.of("names", Map.of("en", "Nameless"))); // a map without iso_code
    Path file =
        new MmdbWriter(6, "Odd-City")
            .insert("81.2.69.0/24", record)
            .write(dir.resolve("odd-city.mmdb"));

    assertThatThrownBy(() -> GeoEnrichment.open(file, null))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessageContaining("(Odd-City 2026-06-17) has no country field")
        .hasMessageContaining(
            "its records have city, city.names, country, country.names, location,"
                + " location.latitude, location.longitude");
  }

  @Test
  void databaseWithoutRecordsIsRefused() throws Exception {
    Path file = new MmdbWriter(6, "Empty").write(dir.resolve("no-records.mmdb"));

    assertThatThrownBy(() -> GeoEnrichment.open(file, null))
        .isInstanceOf(GeoDatabaseException.class)
        .hasMessage("country database " + file + " holds no records");
  }
}
