package dev.corral.audit.check;

import java.util.Objects;

/**
 * The outcome of one check on one subject.
 *
 * @param check what was checked
 * @param status pass, fail, warn or skip
 * @param evidence what was seen: a file and line, a socket, a response
 * @param remediation the fix; empty when nothing needs fixing
 * @param location the file or URL the finding is about, for SARIF; empty when it is the target
 */
public record Finding(
    Check check, Status status, String evidence, String remediation, String location) {
  public Finding {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    evidence = evidence == null ? "" : evidence;
    remediation = remediation == null ? "" : remediation;
    location = location == null ? "" : location;
  }

  public Finding(Check check, Status status, String evidence, String remediation) {
    this(check, status, evidence, remediation, "");
  }

  /** The same outcome, located in a file (a compose file) or at a URL. */
  public Finding at(String where) {
    return new Finding(check, status, evidence, remediation, where);
  }

  public String id() {
    return check.id();
  }

  public Severity severity() {
    return check.severity();
  }

  /** The same outcome about a named subject (a container), so the evidence says which one. */
  public Finding about(String subject) {
    return new Finding(check, status, subject + ": " + evidence, remediation, location);
  }
}
