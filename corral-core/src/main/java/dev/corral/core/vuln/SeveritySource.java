package dev.corral.core.vuln;

/** Where an advisory's severity comes from. */
public enum SeveritySource implements WireId {
  /** The band of the advisory's CVSS score. */
  CVSS("cvss"),
  /** corral's judgment, explained in the advisory's notes: no score, or one not to be trusted. */
  CORRAL("corral"),
  /** Not rated at all (severity {@code unknown}). */
  NONE("none");

  private final String id;

  SeveritySource(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }
}
