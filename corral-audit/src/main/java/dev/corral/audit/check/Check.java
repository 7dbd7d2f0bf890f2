package dev.corral.audit.check;

import java.util.Objects;

/**
 * One documented check: its stable id (never renamed: pipelines and SARIF baselines key on it),
 * what it looks at, how bad a failure is, and the fix. Outcomes are made with {@link #pass}, {@link
 * #fail}, {@link #warn} and {@link #skip}.
 *
 * @param id e.g. {@code container.privileged}
 * @param title one line saying what a pass means
 * @param severity how bad a failure is
 * @param remediation the exact command or configuration line that fixes a failure
 */
public record Check(String id, String title, Severity severity, String remediation) {
  public Check {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(remediation, "remediation");
  }

  public Finding pass(String evidence) {
    return new Finding(this, Status.PASS, evidence, "");
  }

  public Finding fail(String evidence) {
    return new Finding(this, Status.FAIL, evidence, remediation);
  }

  /** A failure whose fix depends on what was found (a version to upgrade to, a line to change). */
  public Finding fail(String evidence, String specificRemediation) {
    return new Finding(this, Status.FAIL, evidence, specificRemediation);
  }

  public Finding warn(String evidence) {
    return new Finding(this, Status.WARN, evidence, remediation);
  }

  public Finding warn(String evidence, String specificRemediation) {
    return new Finding(this, Status.WARN, evidence, specificRemediation);
  }

  public Finding skip(String why) {
    return new Finding(this, Status.SKIP, why, "");
  }
}
