package dev.corral.cli;

import dev.corral.gateway.auth.KeyAdmin;
import dev.corral.store.Store;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code corral keys list}: every key's id, name and settings; never a key or a hash. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = CorralCommand.Version.class,
    description = "List the keys, revoked and expired ones too. Keys themselves are never shown.")
final class KeysListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print a JSON array.")
  boolean json;

  @Mixin KeyStoreOptions store;

  @Override
  public Integer call() {
    try (Store opened = store.open(false)) {
      KeyPrinter.list(
          spec.commandLine().getOut(), new KeyAdmin(opened).list(), Instant.now(), json);
      return 0;
    }
  }
}
