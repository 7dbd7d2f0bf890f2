package dev.corral.core.vuln;

/** Whether upgrading Ollama gets rid of an advisory. */
public enum FixStatus implements WireId {
  /** A release fixes it; the advisory names that release. */
  FIXED("fixed"),
  /** Upstream will not fix it, usually because it is how Ollama is designed. */
  NO_FIX_UPSTREAM("no_fix_upstream"),
  /** No fixing release is known (none stated, or the sources disagree). */
  UNKNOWN("unknown");

  private final String id;

  FixStatus(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }
}
