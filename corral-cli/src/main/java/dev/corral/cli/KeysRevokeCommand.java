package dev.corral.cli;

import dev.corral.gateway.auth.KeyAdmin;
import dev.corral.gateway.auth.KeyException;
import dev.corral.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral keys revoke ID}. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    versionProvider = CorralCommand.Version.class,
    description = {
      "Revoke a key; a running gateway on the same store refuses it within a second.",
      "",
      "Revoking a revoked key changes nothing and is not an error."
    },
    footer = {"", "Exit status: 0 revoked, 1 no such key or store unusable, 2 bad option."})
final class KeysRevokeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "The key's id (ck_..., as corral keys list shows).")
  String id;

  @Mixin KeyStoreOptions store;

  @Override
  public Integer call() {
    KeyIds.check(spec, id);
    try (Store opened = store.open(false)) {
      boolean revoked = new KeyAdmin(opened).revoke(id);
      spec.commandLine()
          .getOut()
          .println(revoked ? "Revoked key " + id + "." : "Key " + id + " was already revoked.");
      return 0;
    } catch (KeyException e) {
      throw KeyStoreOptions.failure(e);
    }
  }
}
