package dev.corral.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code corral ARGS} as a real child JVM on the test class path. */
final class CorralProcess {
  /**
   * A shell starts background jobs ({@code cmd &}) with SIGINT ignored, and every child inherits
   * that: a JVM that starts with it ignored never hears Ctrl-C, and the tests that send it would
   * fail for the way the build was started rather than for the code. GNU env puts the default
   * action back before it runs the JVM; where env cannot, the child starts as it is.
   */
  private static final List<String> DEFAULT_SIGINT = defaultSigint();

  private CorralProcess() {}

  static ProcessBuilder builder(List<String> args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(DEFAULT_SIGINT);
    command.addAll(
        List.of(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            CorralCommand.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command);
  }

  private static List<String> defaultSigint() {
    List<String> prefix = List.of("env", "--default-signal=INT");
    try {
      List<String> probe = new ArrayList<>(prefix);
      probe.add("true");
      Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return prefix;
      }
      p.destroyForcibly();
    } catch (java.io.IOException e) {
      // No env on the PATH: start the JVM directly.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.of();
  }
}
