package dev.corral.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code corral} entry point: one command with a sub-command per job. */
@Command(
    name = "corral",
    mixinStandardHelpOptions = true,
    versionProvider = CorralCommand.Version.class,
    description = {
      "Find exposed Ollama servers and fence them in.",
      "",
      "Every command answers --help. Traffic goes only where you point it."
    },
    subcommands = {
      ScanCommand.class,
      ReportCommand.class,
      LabCommand.class,
      VulnsCommand.class,
      AuditCommand.class,
      HardenCommand.class,
      KeysCommand.class,
      GatewayCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CorralCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // No sub-command: show what there is, and fail so scripts notice the missing command.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code, without exiting (used by tests). */
  public static int execute(String... args) {
    return Cli.newCommandLine().execute(args);
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"corral " + current()};
    }

    static String current() {
      try (InputStream in = CorralCommand.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "unknown";
        }
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "unknown");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
