package dev.corral.cli;

import dev.corral.core.text.Durations;
import dev.corral.gateway.auth.IssuedKey;
import dev.corral.gateway.auth.KeyAdmin;
import dev.corral.gateway.auth.KeyException;
import dev.corral.gateway.auth.KeySpec;
import dev.corral.gateway.policy.Role;
import dev.corral.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code corral keys create}: makes a key and prints it, once. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    versionProvider = CorralCommand.Version.class,
    sortOptions = false,
    description = {
      "Make an API key for corral gateway and print it once.",
      "",
      "Store it at once: corral keeps only a keyed hash of it."
    },
    footer = {"", "Exit status: 0 made, 1 store unusable, 2 bad option."})
final class KeysCreateCommand implements Callable<Integer> {
  private static final Pattern DAYS = Pattern.compile("^(\\d{1,5})d(.*)$");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "Who or what the key is for.")
  String name;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      defaultValue = "user",
      description = "user (inference and reads, the default) or admin (also model management).")
  String role;

  @Option(
      names = "--models",
      paramLabel = "GLOB",
      split = ",",
      description =
          "Models the key may use, as globs over canonical names, comma-separated (default: *,"
              + " any model). Example: 'llama3*,qwen2.5:*'.")
  List<String> models;

  @Option(
      names = "--rpm",
      paramLabel = "N",
      defaultValue = "0",
      description = "Requests per minute, 0 for no limit (the default).")
  int rpm;

  @Option(
      names = "--tokens-per-day",
      paramLabel = "N",
      defaultValue = "0",
      description = "Prompt and generated tokens per UTC day, 0 for no quota (the default).")
  long tokensPerDay;

  @Option(
      names = "--expires",
      paramLabel = "DURATION",
      description = "How long the key works: 30d, 12h, 90m... (default: until revoked).")
  String expires;

  @Option(names = "--json", description = "Print {\"id\",\"name\",\"key\"} as JSON.")
  boolean json;

  @Mixin KeyStoreOptions store;

  @Override
  public Integer call() {
    Role parsedRole =
        Role.byId(role)
            .orElseThrow(() -> usage("--role: unknown role '" + role + "' (user or admin)"));
    KeySpec keySpec;
    try {
      keySpec =
          new KeySpec(
              name,
              parsedRole,
              models == null ? List.of("*") : models,
              rpm,
              tokensPerDay,
              expires == null ? null : lifetime(expires));
    } catch (KeyException e) {
      throw usage(e.getMessage());
    }
    try (Store opened = store.open(true)) {
      IssuedKey issued = new KeyAdmin(opened).create(keySpec);
      KeyPrinter.issued(spec.commandLine().getOut(), issued, "Created", json);
      return 0;
    } catch (KeyException e) {
      throw KeyStoreOptions.failure(e);
    }
  }

  /** Durations as {@link Durations} reads them, plus days ({@code 30d}, {@code 1d12h}). */
  private Duration lifetime(String text) {
    String s = text.strip();
    try {
      Matcher days = DAYS.matcher(s);
      if (days.matches()) {
        Duration d = Duration.ofDays(Long.parseLong(days.group(1)));
        return days.group(2).isEmpty() ? d : d.plus(Durations.parse(days.group(2)));
      }
      return Durations.parse(s);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw usage(
          "--expires: invalid duration '"
              + text
              + "': expected a number and a unit, e.g. 30d, 12h, 90m");
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
