package dev.corral.cli;

import dev.corral.core.version.InvalidVersionException;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.core.vuln.AdvisoryMatch;
import java.util.List;

/** The VERSION|RANGE argument of {@code corral vulns}: one Ollama version, or a range of them. */
sealed interface VersionQuery {

  List<AdvisoryMatch> matches(AdvisoryDatabase database);

  /** Whether CERTAIN and POSSIBLE can differ, so the answer needs a column saying which. */
  boolean isRange();

  /** One version, as {@code /api/version} reports it. */
  record Exact(OllamaVersion version) implements VersionQuery {
    @Override
    public List<AdvisoryMatch> matches(AdvisoryDatabase database) {
      return database.affecting(version);
    }

    @Override
    public boolean isRange() {
      // 0.0.0 stands for any version, so its matches can be merely possible.
      return version.isUnknown();
    }
  }

  /** A range such as {@code >=0.1.34 <0.1.38}, e.g. what a scan inferred from behaviour. */
  record Between(VersionRange range) implements VersionQuery {
    @Override
    public List<AdvisoryMatch> matches(AdvisoryDatabase database) {
      return database.affecting(range);
    }

    @Override
    public boolean isRange() {
      return true;
    }
  }

  /**
   * Reads a version ({@code 0.1.33}, {@code v0.5.13-rc1}) or, when the text has comparators, a
   * range.
   *
   * @throws UserError a usage error (exit 2) quoting the text
   */
  static VersionQuery parse(String text) {
    try {
      if (!looksLikeRange(text)) {
        return new Exact(OllamaVersion.parse(text));
      }
      VersionRange range = VersionRange.parse(text);
      if (range.isEmpty()) {
        throw new UserError(
            "version range '" + text + "' contains no version", ShortErrors.USAGE, null);
      }
      return new Between(range);
    } catch (InvalidVersionException e) {
      throw new UserError(e.getMessage(), ShortErrors.USAGE, e);
    }
  }

  private static boolean looksLikeRange(String text) {
    String trimmed = text.strip();
    return trimmed.equalsIgnoreCase("any") || trimmed.matches(".*[<>=*,\\s].*");
  }
}
