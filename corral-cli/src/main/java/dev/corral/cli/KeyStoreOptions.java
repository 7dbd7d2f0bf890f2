package dev.corral.cli;

import dev.corral.gateway.auth.KeyException;
import dev.corral.store.DataDirectory;
import dev.corral.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where {@code corral keys} finds the keys: {@code --db}, else corral.db in the data directory. */
final class KeyStoreOptions {
  @Option(
      names = "--db",
      paramLabel = "LOCATION",
      description =
          "The store: an SQLite file or a jdbc:postgresql:// URL (default: corral.db in the data"
              + " directory). Use the gateway's.")
  String db;

  @Mixin DataDirOption dataDir;

  /**
   * Opens the store.
   *
   * @param create whether a missing default store may be made (only when making a key)
   */
  Store open(boolean create) {
    String location = db;
    if (location == null) {
      Path file = dataDir.dataDir().resolve(DataDirectory.DATABASE_FILE);
      if (!create && !Files.exists(file)) {
        throw new UserError(
            "no key store at " + file + " (corral keys create makes one; or give --db)");
      }
      location = file.toString();
    }
    try {
      return Store.open(location);
    } catch (RuntimeException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** A key operation's failure as a user error: the message says it all. */
  static UserError failure(KeyException e) {
    return new UserError(e.getMessage(), e);
  }
}
