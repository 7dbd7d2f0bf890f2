package dev.corral.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns bad input into one clear line on stderr and a non-zero exit code, instead of a stack trace.
 * Usage errors exit with 2, failures while running with 1.
 */
final class ShortErrors
    implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

  static final int USAGE = 2;
  static final int FAILURE = 1;

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("corral: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    return USAGE;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof UserError userError) {
      err.println("corral: " + userError.getMessage());
      return userError.exitCode();
    }
    err.println("corral: " + describe(ex));
    if (System.getenv("CORRAL_DEBUG") != null) {
      ex.printStackTrace(err);
    } else {
      err.println("(set CORRAL_DEBUG=1 for the stack trace)");
    }
    return FAILURE;
  }

  private static String describe(Throwable ex) {
    String message = ex.getMessage();
    return message == null || message.isBlank() ? ex.getClass().getSimpleName() : message;
  }
}
