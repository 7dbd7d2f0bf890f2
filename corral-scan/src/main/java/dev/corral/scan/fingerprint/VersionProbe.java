package dev.corral.scan.fingerprint;

import dev.corral.core.version.OllamaVersion;
import dev.corral.scan.http.ProbeRequest;
import dev.corral.scan.http.ProbeResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A request whose answer splits Ollama's releases into groups, each group answering alike.
 *
 * @param name short id for evidence and tests
 * @param request what to send
 * @param groups the release groups the answers can reveal, used to pick the most informative probe
 *     before sending it
 * @param read maps an answer to the group it reveals, or empty when the answer says nothing (a
 *     proxy's page, a timeout)
 */
public record VersionProbe(
    String name,
    ProbeRequest request,
    List<Predicate<OllamaVersion>> groups,
    Function<ProbeResult, Optional<Predicate<OllamaVersion>>> read) {

  public VersionProbe {
    groups = List.copyOf(groups);
  }

  /** A probe with two outcomes: versions where {@code present} holds, and the rest. */
  static VersionProbe binary(
      String name,
      ProbeRequest request,
      Predicate<OllamaVersion> present,
      Predicate<ProbeResult> saysPresent,
      Predicate<ProbeResult> saysAbsent) {
    Predicate<OllamaVersion> absent = present.negate();
    return new VersionProbe(
        name,
        request,
        List.of(present, absent),
        r -> {
          if (saysPresent.test(r)) {
            return Optional.of(present);
          }
          if (saysAbsent.test(r)) {
            return Optional.of(absent);
          }
          return Optional.empty();
        });
  }
}
