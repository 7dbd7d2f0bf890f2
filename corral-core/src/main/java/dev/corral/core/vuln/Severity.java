package dev.corral.core.vuln;

/** How bad an advisory is, most severe first; the declaration order is the sort order. */
public enum Severity implements WireId {
  CRITICAL("critical"),
  HIGH("high"),
  MEDIUM("medium"),
  LOW("low"),
  /** Nobody has rated it: an advisory imported from OSV without review. */
  UNKNOWN("unknown");

  private final String id;

  Severity(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  /** The qualitative band of a CVSS base score; v3.x and v4.0 use the same bands. */
  public static Severity ofScore(double score) {
    if (score >= 9.0) {
      return CRITICAL;
    }
    if (score >= 7.0) {
      return HIGH;
    }
    if (score >= 4.0) {
      return MEDIUM;
    }
    return LOW;
  }
}
