package dev.corral.cli;

import dev.corral.gateway.auth.ApiKeys;
import picocli.CommandLine;

/** Checks the ID argument of {@code keys revoke} and {@code keys rotate}. */
final class KeyIds {
  private KeyIds() {}

  static void check(CommandLine.Model.CommandSpec spec, String id) {
    if (ApiKeys.containsKeyLike(id)) {
      // Never print a key back, even to the terminal that typed it.
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "ID: that is a key, not a key id: give its id (ck_..., see corral keys list)");
    }
    if (!ApiKeys.isId(id)) {
      String shown = id.length() > 40 ? id.substring(0, 40) + "..." : id;
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "ID: '" + shown + "' is not a key id (ck_ and 12 characters, see corral keys list)");
    }
  }
}
