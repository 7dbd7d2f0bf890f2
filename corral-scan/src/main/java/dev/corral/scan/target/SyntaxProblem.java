package dev.corral.scan.target;

/**
 * What is wrong with a piece of text, without saying where it came from: the parsers throw it and
 * the caller, who knows the argument or file line, turns it into a {@link TargetSyntaxException}.
 */
final class SyntaxProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SyntaxProblem(String reason) {
    super(reason, null, false, false);
  }

  TargetSyntaxException at(String where) {
    return new TargetSyntaxException(where, getMessage());
  }
}
