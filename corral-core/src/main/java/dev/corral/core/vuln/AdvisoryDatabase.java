package dev.corral.core.vuln;

import dev.corral.core.version.NaturalOrder;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Ollama advisories corral knows: the curated built-in data, optionally with records imported
 * from OSV laid over it. Immutable; every query answers most severe first, then by id.
 *
 * <p>Across advisories, ids and aliases are unique (ignoring case) and none is on the excluded
 * list, so a lookup by any name finds exactly one advisory.
 */
public final class AdvisoryDatabase {

  /** The file in corral's data directory that holds imported OSV records. */
  public static final String OVERLAY_FILE_NAME = "advisories-overlay.json";

  private static final String BUILTIN_RESOURCE = "advisories.json";

  static final Comparator<Advisory> ORDER =
      Comparator.comparing(Advisory::severity).thenComparing(Advisory::id, NaturalOrder::compare);

  private final String asOf;
  private final List<Advisory> advisories;
  private final List<Exclusion> excluded;

  AdvisoryDatabase(String asOf, List<Advisory> advisories, List<Exclusion> excluded) {
    this.asOf = asOf;
    this.advisories = advisories.stream().sorted(ORDER).toList();
    this.excluded = List.copyOf(excluded);
    checkNamesAreUnique(this.advisories, this.excluded);
  }

  private static void checkNamesAreUnique(List<Advisory> advisories, List<Exclusion> excluded) {
    Map<String, String> excludedIds = new HashMap<>();
    for (Exclusion exclusion : excluded) {
      if (excludedIds.put(key(exclusion.id()), exclusion.reason()) != null) {
        throw new AdvisoryDataException("excluded " + exclusion.id() + " is listed twice");
      }
    }
    Map<String, String> owners = new HashMap<>();
    for (Advisory advisory : advisories) {
      for (String name : advisory.names()) {
        String field = name.equals(advisory.id()) ? "id" : "aliases";
        String owner = owners.putIfAbsent(key(name), advisory.id());
        if (owner != null) {
          throw AdvisoryDataException.field(
              advisory.id(),
              field,
              owner.equals(advisory.id())
                  ? "two advisories have this id"
                  : name + " is already the id or an alias of advisory " + owner);
        }
        String reason = excludedIds.get(key(name));
        if (reason != null) {
          throw AdvisoryDataException.field(
              advisory.id(), field, name + " is on the excluded list: " + reason);
        }
      }
    }
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  /** The curated data shipped with corral. */
  public static AdvisoryDatabase builtin() {
    return Builtin.DATABASE;
  }

  /**
   * The built-in data with the OSV records imported into {@code overlayFileOrNull} laid over it. A
   * null or missing file means nothing was imported yet.
   *
   * @throws AdvisoryDataException when the overlay cannot be read or no longer fits the data
   */
  public static AdvisoryDatabase load(Path overlayFileOrNull) {
    if (overlayFileOrNull == null) {
      return builtin();
    }
    return builtin()
        .withOverlay(OverlayFile.read(overlayFileOrNull), "overlay " + overlayFileOrNull);
  }

  /** Holds the parsed built-in data; loaded once, on first use. */
  private static final class Builtin {
    static final AdvisoryDatabase DATABASE = read();

    private static AdvisoryDatabase read() {
      String source = "built-in " + BUILTIN_RESOURCE;
      try (InputStream in = AdvisoryDatabase.class.getResourceAsStream(BUILTIN_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(source + " is missing from the jar");
        }
        return fromFile(in.readAllBytes(), source);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A database from one file in corral's advisory format; tests use it for their own files. */
  static AdvisoryDatabase fromFile(byte[] json, String source) {
    AdvisoryFile.Contents contents = AdvisoryFile.read(json, source);
    try {
      return new AdvisoryDatabase(contents.asOf(), contents.advisories(), contents.excluded());
    } catch (AdvisoryDataException e) {
      throw e.in(source);
    }
  }

  AdvisoryDatabase withOverlay(List<ImportedRecord> records, String source) {
    AdvisoryDatabase database = this;
    for (ImportedRecord record : records) {
      try {
        database = OverlayMerge.apply(database, record).database();
      } catch (AdvisoryDataException e) {
        throw e.in(source);
      }
    }
    return database;
  }

  /** This database with {@code advisory} added, or replacing the advisory of the same id. */
  AdvisoryDatabase with(Advisory advisory) {
    List<Advisory> next = new ArrayList<>(advisories);
    next.removeIf(existing -> existing.id().equals(advisory.id()));
    next.add(advisory);
    return new AdvisoryDatabase(asOf, next, excluded);
  }

  /** The date the built-in data was last checked against its sources, e.g. 2026-08-21. */
  public String asOf() {
    return asOf;
  }

  public List<Advisory> all() {
    return advisories;
  }

  /** CVEs deliberately left out, with the reason. */
  public List<Exclusion> excluded() {
    return excluded;
  }

  /** The advisory with this id or alias, ignoring case. */
  public Optional<Advisory> find(String idOrAlias) {
    return advisories.stream().filter(a -> a.isNamed(idOrAlias)).findFirst();
  }

  /** The exclusion of this id, ignoring case: why a well-known CVE is not in the database. */
  public Optional<Exclusion> findExcluded(String id) {
    return excluded.stream().filter(e -> e.id().equalsIgnoreCase(id.strip())).findFirst();
  }

  /**
   * The advisories affecting {@code version}, all CERTAIN. {@code 0.0.0}, what a source build
   * reports, says nothing about the code, so it is treated as the range {@code *}.
   */
  public List<AdvisoryMatch> affecting(OllamaVersion version) {
    if (version.isUnknown()) {
      return affecting(VersionRange.any());
    }
    return advisories.stream()
        .filter(a -> a.affects(version))
        .map(a -> new AdvisoryMatch(a, AdvisoryMatch.Certainty.CERTAIN))
        .toList();
  }

  /**
   * The advisories affecting some version of {@code range}: CERTAIN when every version of the range
   * is affected, POSSIBLE when only some are. An empty range matches nothing.
   */
  public List<AdvisoryMatch> affecting(VersionRange range) {
    List<AdvisoryMatch> matches = new ArrayList<>();
    for (Advisory advisory : advisories) {
      if (advisory.affected().intersects(range)) {
        matches.add(
            new AdvisoryMatch(
                advisory,
                advisory.affected().encloses(range)
                    ? AdvisoryMatch.Certainty.CERTAIN
                    : AdvisoryMatch.Certainty.POSSIBLE));
      }
    }
    return matches;
  }

  /** The advisories that name {@code rule} as a mitigation. */
  public List<Advisory> mitigatedBy(GatewayRule rule) {
    return advisories.stream().filter(a -> a.mitigations().contains(rule)).toList();
  }
}
