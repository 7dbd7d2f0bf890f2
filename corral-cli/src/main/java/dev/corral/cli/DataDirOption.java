package dev.corral.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --data-dir} option, for every command that keeps data between runs. Add it with
 * {@code @Mixin DataDirOption dataDir;} and ask {@link #dataDir()}.
 */
public final class DataDirOption {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = {
        "Where corral keeps its data. Default: $CORRAL_HOME,",
        "else $XDG_DATA_HOME/corral, else ~/.local/share/corral."
      })
  private Path explicit;

  /** The directory to use; it may not exist yet. */
  public Path dataDir() {
    return resolve(explicit, System.getenv(), System.getProperty("user.home"));
  }

  static Path resolve(Path explicit, Map<String, String> env, String userHome) {
    if (explicit != null) {
      return explicit;
    }
    String corralHome = env.get("CORRAL_HOME");
    if (corralHome != null && !corralHome.isBlank()) {
      return Path.of(corralHome);
    }
    String xdgDataHome = env.get("XDG_DATA_HOME");
    // The XDG base directory spec says to ignore a relative XDG_DATA_HOME.
    if (xdgDataHome != null && !xdgDataHome.isBlank() && Path.of(xdgDataHome).isAbsolute()) {
      return Path.of(xdgDataHome, "corral");
    }
    return Path.of(userHome, ".local", "share", "corral");
  }
}
