package dev.corral.audit.advisory;

import dev.corral.audit.check.Check;
import dev.corral.audit.check.Finding;
import dev.corral.audit.check.Severity;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import dev.corral.core.vuln.Advisory;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.core.vuln.AdvisoryMatch;
import dev.corral.core.vuln.FixStatus;
import dev.corral.core.vuln.GatewayRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The two version checks, local and remote alike: advisories an upgrade fixes, and advisories with
 * no fix upstream that need a mitigation in front (corral gateway rules).
 */
public final class VersionChecks {
  private final AdvisoryDatabase advisories;
  private final Check outdated;
  private final Check unfixed;

  /**
   * @param prefix {@code local} or {@code remote}: the check ids are {@code
   *     PREFIX.outdated-version} and {@code PREFIX.unfixed-advisories}
   */
  public VersionChecks(String prefix, AdvisoryDatabase advisories) {
    this.advisories = advisories;
    this.outdated = outdated(prefix);
    this.unfixed = unfixed(prefix);
  }

  public static Check outdated(String prefix) {
    return new Check(
        prefix + ".outdated-version",
        "The Ollama version has no advisory that an upgrade fixes",
        Severity.HIGH,
        "upgrade Ollama: curl -fsSL https://ollama.com/install.sh | sh (or pull a newer"
            + " ollama/ollama image)");
  }

  public static Check unfixed(String prefix) {
    return new Check(
        prefix + ".unfixed-advisories",
        "Advisories with no fix upstream are mitigated by a gateway in front",
        Severity.MEDIUM,
        "put the corral gateway in front of Ollama (corral harden writes the configuration)");
  }

  /**
   * The two findings for a known version or an inferred range; skipped when neither is known.
   *
   * @param gatewayInFront a corral gateway was seen in front, so its rules apply
   */
  public List<Finding> check(
      Optional<OllamaVersion> version, Optional<VersionRange> range, boolean gatewayInFront) {
    List<AdvisoryMatch> matches;
    String subject;
    if (version.isPresent()) {
      matches = advisories.affecting(version.get());
      subject = "Ollama " + version.get();
    } else if (range.isPresent() && !range.get().isAny()) {
      matches = advisories.affecting(range.get());
      subject = "Ollama " + range.get() + " (inferred range)";
    } else {
      String why = "the version is not known: hidden or not found; give it with --version";
      return List.of(outdated.skip(why), unfixed.skip(why));
    }
    return List.of(
        outdatedFinding(matches, subject), unfixedFinding(matches, subject, gatewayInFront));
  }

  private Finding outdatedFinding(List<AdvisoryMatch> matches, String subject) {
    List<Advisory> fixable =
        matches.stream()
            .map(AdvisoryMatch::advisory)
            .filter(a -> a.fixStatus() == FixStatus.FIXED)
            .toList();
    if (fixable.isEmpty()) {
      return outdated.pass(subject + ": no advisory an upgrade fixes");
    }
    OllamaVersion target =
        fixable.stream()
            .map(a -> a.fixed().orElseThrow())
            .max(Comparator.naturalOrder())
            .orElseThrow();
    Check rated =
        new Check(outdated.id(), outdated.title(), worst(fixable), outdated.remediation());
    return rated.fail(
        subject + " is affected by " + ids(fixable),
        "upgrade Ollama to " + target + " or newer: " + outdated.remediation());
  }

  private Finding unfixedFinding(
      List<AdvisoryMatch> matches, String subject, boolean gatewayInFront) {
    List<Advisory> open =
        matches.stream()
            .map(AdvisoryMatch::advisory)
            .filter(a -> a.fixStatus() != FixStatus.FIXED)
            .toList();
    if (open.isEmpty()) {
      return unfixed.pass(subject + ": no advisory without a fix");
    }
    Set<GatewayRule> rules = new LinkedHashSet<>();
    List<String> unmitigable = new ArrayList<>();
    for (Advisory a : open) {
      rules.addAll(a.mitigations());
      if (a.mitigations().isEmpty()) {
        unmitigable.add(a.id());
      }
    }
    String ruleIds = rules.stream().map(GatewayRule::id).collect(Collectors.joining(", "));
    String evidence =
        subject
            + ": no fix upstream, mitigation required: "
            + ids(open)
            + (ruleIds.isEmpty() ? "" : "; gateway rules that mitigate them: " + ruleIds)
            + (unmitigable.isEmpty()
                ? ""
                : "; no gateway rule covers " + String.join(", ", unmitigable));
    if (gatewayInFront) {
      return unfixed.pass(evidence + " (a gateway is in front)");
    }
    return unfixed.fail(
        evidence,
        "put the corral gateway in front of Ollama (corral harden writes the configuration);"
            + (ruleIds.isEmpty() ? "" : " its rules " + ruleIds + " mitigate these"));
  }

  private static Severity worst(List<Advisory> list) {
    Severity worst = Severity.LOW;
    for (Advisory a : list) {
      Severity s =
          switch (a.severity()) {
            case CRITICAL -> Severity.CRITICAL;
            case HIGH -> Severity.HIGH;
            case MEDIUM, UNKNOWN -> Severity.MEDIUM;
            case LOW -> Severity.LOW;
          };
      if (s.atLeast(worst)) {
        worst = s;
      }
    }
    return worst;
  }

  private static String ids(List<Advisory> list) {
    return list.stream().map(Advisory::id).collect(Collectors.joining(", "));
  }
}
