package dev.corral.cli;

import dev.corral.store.DataDirectory;
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
    return explicit != null ? explicit : DataDirectory.resolve(env, userHome);
  }
}
