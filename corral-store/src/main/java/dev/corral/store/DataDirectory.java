package dev.corral.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where corral keeps its data when the user names no other place: {@code $CORRAL_HOME}, else {@code
 * $XDG_DATA_HOME/corral}, else {@code ~/.local/share/corral}. Every command that keeps data between
 * runs resolves it here, so they all agree.
 */
public final class DataDirectory {
  /** The store's file name inside the data directory. */
  public static final String DATABASE_FILE = "corral.db";

  private DataDirectory() {}

  /** The data directory for this process's environment; it may not exist yet. */
  public static Path resolve() {
    return resolve(System.getenv(), System.getProperty("user.home"));
  }

  /** The data directory for the given environment and home directory; it may not exist yet. */
  public static Path resolve(Map<String, String> env, String userHome) {
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

  /** The default store: {@value #DATABASE_FILE} in {@link #resolve()}. */
  public static Path defaultDatabase() {
    return resolve().resolve(DATABASE_FILE);
  }
}
