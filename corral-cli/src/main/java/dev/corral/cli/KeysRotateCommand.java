package dev.corral.cli;

import dev.corral.gateway.auth.IssuedKey;
import dev.corral.gateway.auth.KeyAdmin;
import dev.corral.gateway.auth.KeyException;
import dev.corral.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code corral keys rotate ID}: a new key with the same settings; the old one is revoked. */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    versionProvider = CorralCommand.Version.class,
    description = {
      "Replace a key by a new one with the same settings, and revoke the old one.",
      "",
      "The new key has the same name, role, models and limits, and the same lifetime counted"
          + " from now. The old key is revoked in the same transaction. The new key is printed"
          + " once."
    },
    footer = {
      "",
      "Exit status: 0 rotated, 1 no such key, revoked, or store unusable, 2 bad option."
    })
final class KeysRotateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The key's id (ck_..., as corral keys list shows).")
  String id;

  @Option(names = "--json", description = "Print {\"id\",\"name\",\"key\"} as JSON.")
  boolean json;

  @Mixin KeyStoreOptions store;

  @Override
  public Integer call() {
    KeyIds.check(spec, id);
    try (Store opened = store.open(false)) {
      IssuedKey issued = new KeyAdmin(opened).rotate(id);
      KeyPrinter.issued(spec.commandLine().getOut(), issued, "Rotated " + id + " into", json);
      return 0;
    } catch (KeyException e) {
      throw KeyStoreOptions.failure(e);
    }
  }
}
