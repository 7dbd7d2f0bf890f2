package dev.corral.audit.local;

import dev.corral.core.version.InvalidVersionException;
import dev.corral.core.version.OllamaVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The installed Ollama version, from {@code ollama --version}. */
public final class InstalledVersion {
  private static final Pattern VERSION =
      Pattern.compile("(?:ollama version is|client version is)\\s+v?(\\S+)");

  private InstalledVersion() {}

  /**
   * Reads {@code ollama --version} output: "ollama version is 0.5.7", or, with no server running,
   * "Warning: client version is 0.5.7".
   */
  public static Optional<OllamaVersion> parse(String output) {
    Matcher m = VERSION.matcher(output);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OllamaVersion.parse(m.group(1)));
    } catch (InvalidVersionException e) {
      return Optional.empty();
    }
  }

  /**
   * Runs {@code ollama --version} from the PATH; empty when it is not installed or says nothing.
   */
  public static Optional<OllamaVersion> ask() {
    return ask("ollama");
  }

  /** Runs {@code EXECUTABLE --version}; empty when it cannot run or says nothing usable. */
  public static Optional<OllamaVersion> ask(String executable) {
    try {
      Process p =
          new ProcessBuilder(executable, "--version")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return parse(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
