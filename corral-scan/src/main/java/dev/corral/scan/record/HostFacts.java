package dev.corral.scan.record;

import dev.corral.core.scan.ScanState;
import dev.corral.core.version.VersionRange;
import dev.corral.scan.fingerprint.Identity;
import dev.corral.scan.fingerprint.Observations;

/**
 * What a host check learnt, before it is turned into a record.
 *
 * @param state how the connection went
 * @param identity the classification, or null when nothing HTTP answered
 * @param observations every request and answer
 * @param inferredRange the version range from behaviour, when the version was hidden
 * @param contradictory the answers matched no Ollama release at all
 */
public record HostFacts(
    ScanState state,
    Identity identity,
    Observations observations,
    VersionRange inferredRange,
    boolean contradictory) {}
