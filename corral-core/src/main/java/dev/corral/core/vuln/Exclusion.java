package dev.corral.core.vuln;

import java.util.List;

/**
 * A CVE deliberately left out of the database, with the reason, so that looking it up explains
 * itself instead of looking like a gap.
 */
public record Exclusion(String id, String reason, List<String> references) {
  public Exclusion {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an excluded entry has no id");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("excluded " + id + " gives no reason");
    }
    references = references == null ? List.of() : List.copyOf(references);
  }
}
