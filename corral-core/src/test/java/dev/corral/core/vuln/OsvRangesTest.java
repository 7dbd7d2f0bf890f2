package dev.corral.core.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class OsvRangesTest {

  private static OsvJson.Event introduced(String version) {
    return new OsvJson.Event(version, null, null, null);
  }

  private static OsvJson.Event fixed(String version) {
    return new OsvJson.Event(null, version, null, null);
  }

  private static OsvJson.Event lastAffected(String version) {
    return new OsvJson.Event(null, null, version, null);
  }

  private static OsvJson.Event limit(String version) {
    return new OsvJson.Event(null, null, null, version);
  }

  private static List<String> ranges(OsvJson.Event... events) {
    return OsvRanges.spans(List.of(events), "events").stream()
        .map(span -> span.range().toString())
        .toList();
  }

  private static String fix(OsvJson.Event... events) {
    return OsvRanges.fixedVersion(OsvRanges.spans(List.of(events), "events"))
        .map(OllamaVersion::toString)
        .orElse("none");
  }

  @Test
  void introducedZeroIsTheBeginning() {
    assertThat(ranges(introduced("0"), fixed("0.1.34"))).containsExactly("<0.1.34");
    assertThat(fix(introduced("0"), fixed("0.1.34"))).isEqualTo("0.1.34");
  }

  @Test
  void anIntroductionNothingClosesStaysOpen() {
    assertThat(ranges(introduced("0"))).containsExactly("*");
    assertThat(ranges(introduced("0.20.0"))).containsExactly(">=0.20.0");
    assertThat(fix(introduced("0.20.0"))).isEqualTo("none");
  }

  @Test
  void severalPairsGiveSeveralRangesAndTheLastFix() {
    OsvJson.Event[] events = {
      introduced("0.1.0"), fixed("0.1.5"), introduced("0.2.0"), fixed("0.2.3")
    };
    assertThat(ranges(events)).containsExactly(">=0.1.0 <0.1.5", ">=0.2.0 <0.2.3");
    assertThat(fix(events)).isEqualTo("0.2.3");
  }

  @Test
  void eventsAreEvaluatedInVersionOrderWhateverTheirOrderInTheFile() {
    assertThat(ranges(fixed("0.2.3"), introduced("0.2.0"), fixed("0.1.5"), introduced("0")))
        .containsExactly("<0.1.5", ">=0.2.0 <0.2.3");
  }

  @Test
  void aLaterOpenRangeMeansNoFix() {
    assertThat(fix(introduced("0"), fixed("0.1.5"), introduced("0.3.0"))).isEqualTo("none");
  }

  @Test
  void lastAffectedIsInclusiveAndNoFix() {
    assertThat(ranges(introduced("0"), lastAffected("0.3.14"))).containsExactly("<=0.3.14");
    assertThat(fix(introduced("0"), lastAffected("0.3.14"))).isEqualTo("none");
  }

  @Test
  void limitEndsARangeWithoutFixingIt() {
    assertThat(ranges(introduced("0.1.0"), limit("0.5.0"))).containsExactly(">=0.1.0 <0.5.0");
    assertThat(fix(introduced("0.1.0"), limit("0.5.0"))).isEqualTo("none");
  }

  @Test
  void preReleasesAndVPrefixesAreVersionsToo() {
    assertThat(ranges(introduced("v0.11.5-rc0"), fixed("v0.13.6")))
        .containsExactly(">=0.11.5-rc0 <0.13.6");
  }

  @Test
  void anEndWithNothingOpenAffectsNothing() {
    assertThat(ranges(fixed("0.1.5"))).isEmpty();
    assertThat(OsvRanges.spans(List.of(introduced("0.2.0"), fixed("0.2.0")), "e")).isEmpty();
  }

  @Test
  void anEventMustSayExactlyOneThing() {
    assertThatThrownBy(
            () -> OsvRanges.spans(List.of(new OsvJson.Event("0", "0.1.0", null, null)), "r"))
        .isInstanceOf(AdvisoryDataException.class)
        .hasMessage("r.events[0]: needs exactly one of introduced, fixed, last_affected, limit");
  }

  @Test
  void aBadVersionIsNamedByItsPath() {
    assertThatThrownBy(
            () -> OsvRanges.spans(List.of(introduced("0"), fixed("zero.one")), "affected[0]"))
        .hasMessageStartingWith("affected[0].events[1].fixed: invalid Ollama version 'zero.one'");
  }

  @Test
  void theHighestRangeDecidesTheFix() {
    List<OsvRanges.Span> spans =
        List.of(
            new OsvRanges.Span(
                VersionRange.parse(">=0.2.0 <0.2.3"),
                java.util.Optional.of(OllamaVersion.parse("0.2.3"))),
            new OsvRanges.Span(
                VersionRange.parse("<0.1.5"), java.util.Optional.of(OllamaVersion.parse("0.1.5"))));
    assertThat(OsvRanges.fixedVersion(spans)).contains(OllamaVersion.parse("0.2.3"));
  }
}
