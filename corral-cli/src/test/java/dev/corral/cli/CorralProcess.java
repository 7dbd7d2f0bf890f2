package dev.corral.cli;

import java.util.ArrayList;
import java.util.List;

/** Runs {@code corral ARGS} as a real child JVM on the test class path. */
final class CorralProcess {
  private CorralProcess() {}

  static ProcessBuilder builder(List<String> args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CorralCommand.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command);
  }
}
