package dev.corral.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code corral keys}: the gateway's API keys. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    versionProvider = CorralCommand.Version.class,
    description = {
      "Make, list, revoke and rotate the API keys of corral gateway.",
      "",
      "A key is shown once, when it is made; the store keeps only a keyed hash of it. A running"
          + " gateway on the same store sees every change within a second. See docs/keys.md."
    },
    subcommands = {
      KeysCreateCommand.class,
      KeysListCommand.class,
      KeysRevokeCommand.class,
      KeysRotateCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  corral keys create --name alice --models 'llama3*,qwen2.5:*' --rpm 60",
      "  corral keys create --name ops --role admin --json",
      "  corral keys list",
      "  corral keys revoke ck_4t9x2m0q7hzk",
      "  corral keys rotate ck_4t9x2m0q7hzk",
      "  corral keys list --db 'jdbc:postgresql://127.0.0.1:5432/corral?user=corral'",
    })
final class KeysCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing command: create, list, revoke or rotate.");
  }
}
