/**
 * Offline IP enrichment: country, and ASN and organisation when a database provides them, from
 * MaxMind DB ({@code .mmdb}) files. A country database is bundled; GeoLite2, DB-IP, IPinfo and
 * ip-location-db files can be given instead (docs/geoip.md). Start at {@link
 * dev.corral.scan.geo.GeoEnrichment}.
 */
package dev.corral.scan.geo;
