package dev.corral.cli;

import picocli.CommandLine;

/** Builds the configured picocli command line shared by {@code main} and the tests. */
final class Cli {
  private Cli() {}

  static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new CorralCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(new ShortErrors());
    commandLine.setExecutionExceptionHandler(new ShortErrors());
    return commandLine;
  }
}
