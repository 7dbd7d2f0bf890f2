package dev.corral.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the user is watching a terminal (progress lines) or output goes to a file or pipe. */
final class Terminal {
  private Terminal() {}

  /**
   * True when stdin/stdout are a terminal. From JDK 22 {@code System.console()} is never null, so
   * its {@code isTerminal()} decides; on JDK 21 a non-null console already means a terminal.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() is asked when it exists
  static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
