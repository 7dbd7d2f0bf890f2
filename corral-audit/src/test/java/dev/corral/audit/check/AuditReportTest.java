package dev.corral.audit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditReportTest {
  private static Check check(String id, Severity s) {
    return new Check(id, id + " title", s, "fix " + id);
  }

  @Test
  void allPassedScores100() {
    AuditReport r =
        new AuditReport(
            "t", List.of(check("a", Severity.HIGH).pass("ok"), check("b", Severity.LOW).pass("")));
    assertThat(r.score()).isEqualTo(100);
    assertThat(r.worstFailure()).isEmpty();
  }

  @Test
  void failuresCostTheirWeightWarningsHalfAndSkipsNothing() {
    // high 6 pass, medium 3 fail, low 1 warn: earned 6 + 0 + 0.5 of 10 -> 65
    AuditReport r =
        new AuditReport(
            "t",
            List.of(
                check("a", Severity.HIGH).pass(""),
                check("b", Severity.MEDIUM).fail(""),
                check("c", Severity.LOW).warn(""),
                check("d", Severity.CRITICAL).skip("")));
    assertThat(r.score()).isEqualTo(65);
  }

  @Test
  void anAuditThatCouldCheckNothingScoresZero() {
    AuditReport r =
        new AuditReport(
            "t",
            List.of(
                check("a", Severity.CRITICAL).skip("no answer"),
                check("b", Severity.LOW).skip("")));
    assertThat(r.score()).isZero();
  }

  @Test
  void aFailedCriticalCheckCapsTheScore() {
    List<Finding> findings = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      findings.add(check("p" + i, Severity.HIGH).pass(""));
    }
    findings.add(check("x", Severity.CRITICAL).fail("exposed"));
    AuditReport r = new AuditReport("t", findings);
    assertThat(r.score()).isEqualTo(AuditReport.CRITICAL_CAP);
  }

  @Test
  void failuresSortFirstWorstFirst() {
    AuditReport r =
        new AuditReport(
            "t",
            List.of(
                check("a", Severity.CRITICAL).pass(""),
                check("b", Severity.LOW).fail(""),
                check("c", Severity.HIGH).fail(""),
                check("d", Severity.HIGH).warn("")));
    assertThat(r.findings()).extracting(Finding::id).containsExactly("c", "b", "d", "a");
  }

  @Test
  void failOnGatesAtTheThresholdAndAbove() {
    AuditReport r = new AuditReport("t", List.of(check("b", Severity.MEDIUM).fail("")));
    assertThat(r.failsAt(Severity.LOW)).isTrue();
    assertThat(r.failsAt(Severity.MEDIUM)).isTrue();
    assertThat(r.failsAt(Severity.HIGH)).isFalse();
    AuditReport warnOnly = new AuditReport("t", List.of(check("b", Severity.CRITICAL).warn("")));
    assertThat(warnOnly.failsAt(Severity.INFO)).isFalse();
  }
}
