package dev.corral.scan.geo;

import com.maxmind.db.MaxMindDbParameter;

/**
 * What corral decodes from a database record: only the fields it reads, whatever else the record
 * holds (names in many languages, continents, coordinates are skipped unread). Public because the
 * MaxMind reader builds them by reflection; not API.
 */
final class MmdbShapes {
  private MmdbShapes() {}

  /**
   * GeoIP2/GeoLite2 Country and City, DB-IP Lite: {@code country.iso_code}, else {@code
   * registered_country.iso_code} (anycast and satellite networks have only the latter). An ASN
   * part, when the same file has one (GeoIP2 Enterprise, ISP).
   */
  public record Nested(
      @MaxMindDbParameter(name = "country") IsoCode country,
      @MaxMindDbParameter(name = "registered_country") IsoCode registeredCountry,
      @MaxMindDbParameter(name = "autonomous_system_number") Object asNumber,
      @MaxMindDbParameter(name = "autonomous_system_organization") Object asOrganization) {}

  /** The {@code iso_code} of a GeoIP2 country map. */
  public record IsoCode(@MaxMindDbParameter(name = "iso_code") Object isoCode) {}

  /**
   * Flat records: ip-location-db ({@code country_code}; ASN files {@code autonomous_system_number},
   * {@code autonomous_system_organization}), GeoLite2-ASN and DB-IP ASN Lite (the same two), IPinfo
   * Lite ({@code country_code}, {@code asn} "AS15169", {@code as_name}) and IPinfo's older
   * country_asn ({@code country} holding the code). Values are {@code Object} so that a number
   * stored as a string, or a name where a code was expected, cannot make a lookup fail.
   */
  public record Flat(
      @MaxMindDbParameter(name = "country_code") Object countryCode,
      @MaxMindDbParameter(name = "country") Object country,
      @MaxMindDbParameter(name = "autonomous_system_number") Object asNumber,
      @MaxMindDbParameter(name = "autonomous_system_organization") Object asOrganization,
      @MaxMindDbParameter(name = "asn") Object asn,
      @MaxMindDbParameter(name = "as_name") Object asName) {}
}
