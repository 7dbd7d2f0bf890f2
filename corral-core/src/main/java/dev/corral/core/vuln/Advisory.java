package dev.corral.core.vuln;

import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One Ollama vulnerability: which versions it affects, how it is attacked, and which gateway rules
 * neutralise it. The constructor enforces the rules that make an advisory usable, each failure
 * naming the advisory and the field.
 *
 * @param id the CVE id, or a corral id ({@code CORRAL-2024-0001}) or OSV id when there is no CVE
 * @param aliases other ids for the same flaw (GHSA-…, GO-…, a twin CVE)
 * @param affected the versions that have the flaw; never empty
 * @param fixed the first release without it, present exactly when {@code fixStatus} is FIXED
 * @param endpoints the routes involved, e.g. {@code POST /api/pull}; empty for client-side flaws
 * @param attack the request shape, in a sentence or two
 * @param mitigations the gateway rules that neutralise it for remote attackers; empty when the
 *     gateway cannot help
 * @param notes why ranges, fixes or severities were decided the way they were; may be empty
 * @param importedFrom the OSV record that last supplied {@code affected} and {@code fixed}
 */
public record Advisory(
    String id,
    List<String> aliases,
    String title,
    String summary,
    Component component,
    VersionSet affected,
    Optional<OllamaVersion> fixed,
    FixStatus fixStatus,
    List<String> endpoints,
    String attack,
    Optional<Cvss> cvss,
    Severity severity,
    SeveritySource severitySource,
    List<GatewayRule> mitigations,
    List<String> references,
    String notes,
    Optional<OsvOrigin> importedFrom) {

  public Advisory {
    if (id == null || id.isBlank() || !id.equals(id.strip()) || id.contains(" ")) {
      throw AdvisoryDataException.field(
          String.valueOf(id), "id", "must be a single word such as CVE-2024-37032");
    }
    aliases = List.copyOf(aliases);
    endpoints = List.copyOf(endpoints);
    mitigations = List.copyOf(mitigations);
    references = List.copyOf(references);
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(fixStatus, "fixStatus");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(severitySource, "severitySource");
    Objects.requireNonNull(fixed, "fixed");
    Objects.requireNonNull(cvss, "cvss");
    Objects.requireNonNull(importedFrom, "importedFrom");
    Objects.requireNonNull(notes, "notes");
    requireText(id, "title", title);
    requireText(id, "summary", summary);
    requireText(id, "attack", attack);
    checkAliases(id, aliases);
    checkAffectedAndFix(id, affected, fixed, fixStatus);
    checkSeverity(id, severity, severitySource, cvss);
    if (new HashSet<>(mitigations).size() != mitigations.size()) {
      throw AdvisoryDataException.field(id, "mitigations", "names a rule twice");
    }
    for (int i = 0; i < references.size(); i++) {
      requireText(id, "references[" + i + "]", references.get(i));
    }
  }

  private static void requireText(String id, String field, String value) {
    if (value == null || value.isBlank()) {
      throw AdvisoryDataException.field(id, field, "is missing or empty");
    }
  }

  private static void checkAliases(String id, List<String> aliases) {
    Set<String> seen = new HashSet<>();
    seen.add(id.toLowerCase(Locale.ROOT));
    for (int i = 0; i < aliases.size(); i++) {
      String alias = aliases.get(i);
      requireText(id, "aliases[" + i + "]", alias);
      if (!seen.add(alias.toLowerCase(Locale.ROOT))) {
        throw AdvisoryDataException.field(
            id, "aliases[" + i + "]", "'" + alias + "' repeats the id or another alias");
      }
    }
  }

  private static void checkAffectedAndFix(
      String id, VersionSet affected, Optional<OllamaVersion> fixed, FixStatus fixStatus) {
    if (affected == null || affected.isEmpty()) {
      throw AdvisoryDataException.field(id, "affected", "lists no versions");
    }
    if (fixed.isPresent() != (fixStatus == FixStatus.FIXED)) {
      throw AdvisoryDataException.field(
          id,
          "fixed",
          fixed.isPresent()
              ? "is set, so fix_status must be 'fixed', not '" + fixStatus.id() + "'"
              : "is null, but fix_status 'fixed' needs the fixing version");
    }
    if (fixed.isPresent() && affected.contains(fixed.get())) {
      throw AdvisoryDataException.field(
          id, "fixed", fixed.get() + " lies inside the affected versions (" + affected + ")");
    }
  }

  private static void checkSeverity(
      String id, Severity severity, SeveritySource source, Optional<Cvss> cvss) {
    switch (source) {
      case CVSS -> {
        if (cvss.isEmpty()) {
          throw AdvisoryDataException.field(
              id, "severity_source", "is 'cvss' but the advisory has no CVSS score");
        }
        if (cvss.get().severity() != severity) {
          throw AdvisoryDataException.field(
              id,
              "severity",
              "'"
                  + severity.id()
                  + "' does not match CVSS "
                  + cvss.get().score()
                  + " ('"
                  + cvss.get().severity().id()
                  + "'); fix it or set severity_source to 'corral' and explain in notes");
        }
      }
      case CORRAL -> {
        if (severity == Severity.UNKNOWN) {
          throw AdvisoryDataException.field(
              id, "severity", "'unknown' is not a judgment; use severity_source 'none'");
        }
      }
      case NONE -> {
        if (severity != Severity.UNKNOWN) {
          throw AdvisoryDataException.field(
              id, "severity_source", "'none' goes only with severity 'unknown'");
        }
      }
    }
  }

  /** The id followed by the aliases. */
  public List<String> names() {
    return Stream.concat(Stream.of(id), aliases.stream()).toList();
  }

  /** Whether this advisory is known by {@code idOrAlias}, ignoring case. */
  public boolean isNamed(String idOrAlias) {
    String wanted = idOrAlias.strip();
    return names().stream().anyMatch(name -> name.equalsIgnoreCase(wanted));
  }

  public boolean affects(OllamaVersion version) {
    return affected.contains(version);
  }

  /**
   * This advisory with its affected versions, fix and origin taken from an OSV record, its aliases
   * and references extended by the record's; everything curated stays.
   */
  Advisory updatedFrom(
      VersionSet newAffected,
      Optional<OllamaVersion> newFixed,
      List<String> moreAliases,
      List<String> moreReferences,
      OsvOrigin origin) {
    FixStatus newStatus =
        newFixed.isPresent()
            ? FixStatus.FIXED
            : fixStatus == FixStatus.NO_FIX_UPSTREAM
                ? FixStatus.NO_FIX_UPSTREAM
                : FixStatus.UNKNOWN;
    return new Advisory(
        id,
        unionIgnoringCase(
            aliases, moreAliases.stream().filter(alias -> !alias.equalsIgnoreCase(id)).toList()),
        title,
        summary,
        component,
        newAffected,
        newFixed,
        newStatus,
        endpoints,
        attack,
        cvss,
        severity,
        severitySource,
        mitigations,
        List.copyOf(union(references, moreReferences)),
        notes,
        Optional.of(origin));
  }

  // Ids are compared ignoring case everywhere; URLs are not (their paths are case-sensitive).
  private static List<String> unionIgnoringCase(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    for (String item : second) {
      if (all.stream().noneMatch(item::equalsIgnoreCase)) {
        all.add(item);
      }
    }
    return all;
  }

  private static Set<String> union(List<String> first, List<String> second) {
    Set<String> all = new LinkedHashSet<>(first);
    all.addAll(second);
    return all;
  }
}
