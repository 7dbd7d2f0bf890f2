package dev.corral.scan.source;

/** The formats {@code --from} recognises, each with the tool it comes from and a description. */
public enum SourceFormat {
  SHODAN_SEARCH("shodan", "Shodan search API JSON"),
  SHODAN_BANNER_LINES("shodan", "Shodan banners, one JSON object per line (shodan download)"),
  SHODAN_BANNER_ARRAY("shodan", "a JSON array of Shodan banners"),
  CENSYS_SEARCH("censys", "Censys Search v2 hosts JSON"),
  CENSYS_HIT_ARRAY("censys", "a JSON array of Censys hosts"),
  CENSYS_HIT_LINES("censys", "Censys hosts, one JSON object per line"),
  MASSCAN_JSON("masscan", "masscan -oJ JSON"),
  MASSCAN_JSON_LINES("masscan", "masscan JSON, one object per line (--output-format ndjson)"),
  MASSCAN_LIST("masscan", "masscan -oL list"),
  ZMAP_CSV("zmap", "ZMap CSV"),
  LIST("list", "a list of targets"),
  EMPTY_JSON("list", "an empty JSON array");

  private final String source;
  private final String description;

  SourceFormat(String source, String description) {
    this.source = source;
    this.description = description;
  }

  /** What {@link Candidate#source()} says: shodan, censys, masscan, zmap or list. */
  public String source() {
    return source;
  }

  /** For messages, e.g. "masscan -oJ JSON". */
  public String description() {
    return description;
  }
}
